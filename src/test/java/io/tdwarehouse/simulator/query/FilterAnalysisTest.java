package io.tdwarehouse.simulator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tdwarehouse.simulator.model.EntitySetDef;
import io.tdwarehouse.simulator.query.FilterAnalysis.DateRange;
import io.tdwarehouse.simulator.tenant.TenantSchema;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FilterAnalysisTest {
    private static final EntitySetDef INCIDENTS = TenantSchema.get("Incidents");
    private static final String A = "8f0e6b1a-1c2d-4e5f-9a0b-1c2d3e4f5a6b";
    private static final String B = "c0ffee00-0000-4000-8000-000000000001";
    private static final String C = "C0FFEE00-0000-4000-8000-000000000002";
    private static final Instant T1 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2024-02-01T00:00:00Z");

    private static FilterAnalysis analyze(String filter) {
        return FilterParser.analyze(filter, INCIDENTS);
    }

    private static UUID u(String s) {
        return UUID.fromString(s);
    }

    @Test
    void anOrOfIdEqualitiesGivesItsIds() {
        assertThat(analyze("id eq " + A).ids()).containsExactly(u(A));
        assertThat(analyze(A + " eq id").ids()).containsExactly(u(A));
        assertThat(analyze("id eq " + A + " or id eq " + B + " or (id eq " + C + " or (" + A + " eq id))").ids())
                .containsExactlyInAnyOrder(u(A), u(B), u(C));
        assertThat(analyze("((id eq " + A + ") or id eq " + B + ")").ids()).containsExactlyInAnyOrder(u(A), u(B));
    }

    @Test
    void anAndWithAnIdDisjunctionKeepsItsIds() {
        assertThat(analyze("(id eq " + A + " or id eq " + B + ") and closed eq true").ids())
                .containsExactlyInAnyOrder(u(A), u(B));
        assertThat(analyze("completed and id eq " + A).ids()).containsExactly(u(A));
        assertThat(analyze("(id eq " + A + " or id eq " + B + ") and (id eq " + B + " or id eq " + C + ")").ids())
                .containsExactly(u(B));
        FilterAnalysis disjoint = analyze("id eq " + A + " and id eq " + B);
        assertThat(disjoint.matchesNothing()).isTrue();
        assertThat(disjoint.ids()).isEmpty();
    }

    @Test
    void idsAreUnconstrainedWhenAnythingElseCanMatch() {
        assertThat(analyze("id eq " + A + " or closed eq true").ids()).isNull();
        assertThat(analyze("not (id eq " + A + ")").ids()).isNull();
        assertThat(analyze("id ne " + A).ids()).isNull();
        assertThat(analyze("id gt " + A).ids()).isNull();
        assertThat(analyze("id eq null").ids()).isNull();
        assertThat(analyze("callerId eq " + A).ids()).isNull();
        assertThat(analyze("id eq callerId").ids()).isNull();
        assertThat(analyze("closed eq true").isUnconstrained()).isTrue();
        assertThat(analyze("true").isUnconstrained()).isTrue();
        assertThat(analyze("id eq " + A + " or true").isUnconstrained()).isTrue();
    }

    @Test
    void falseMatchesNothingAndVanishesUnderOr() {
        assertThat(analyze("false").matchesNothing()).isTrue();
        assertThat(analyze("closed eq true and 1 eq 2").matchesNothing()).isTrue();
        assertThat(analyze("false or id eq " + A).ids()).containsExactly(u(A));
        assertThat(analyze("not false").isUnconstrained()).isTrue();
    }

    @Test
    void topLevelConjunctsBoundADate() {
        DateRange r = analyze("creationDate ge 2024-01-01T00:00:00Z and creationDate lt 2024-02-01T00:00:00Z")
                .dateRange("creationDate");
        assertThat(r).isEqualTo(new DateRange(T1, true, T2, false, false, true));
        assertThat(analyze("creationDate gt 2024-01-01T00:00:00Z").dateRange("creationDate"))
                .isEqualTo(new DateRange(T1, false, null, false, false, true));
        assertThat(analyze("creationDate le 2024-02-01T00:00:00Z").dateRange("creationDate"))
                .isEqualTo(new DateRange(null, false, T2, true, false, true));
        assertThat(analyze("creationDate eq 2024-01-01T00:00:00Z").dateRange("creationDate"))
                .isEqualTo(new DateRange(T1, true, T1, true, false, true));
        assertThat(analyze("creationDate ge 2024-01-01T00:00:00Z").dateRange("modificationDate"))
                .isEqualTo(DateRange.ANY);
    }

    @Test
    void aLiteralOnTheLeftFlipsTheOperator() {
        assertThat(analyze("2024-01-01T00:00:00Z le creationDate").dateRange("creationDate"))
                .isEqualTo(new DateRange(T1, true, null, false, false, true));
        assertThat(analyze("2024-01-01T00:00:00Z lt creationDate").dateRange("creationDate"))
                .isEqualTo(new DateRange(T1, false, null, false, false, true));
        assertThat(analyze("2024-02-01T00:00:00Z gt creationDate").dateRange("creationDate"))
                .isEqualTo(new DateRange(null, false, T2, false, false, true));
        assertThat(analyze("2024-02-01T00:00:00Z ge creationDate").dateRange("creationDate"))
                .isEqualTo(new DateRange(null, false, T2, true, false, true));
    }

    @Test
    void offsetsAndFractionsAreInstants() {
        DateRange r = analyze("creationDate ge 2024-01-01T01:00+01:00 and creationDate le 2024-01-31T19:00:00.1234567-05:00")
                .dateRange("creationDate");
        assertThat(r.lower()).isEqualTo(T1);
        assertThat(r.upper()).isEqualTo(Instant.parse("2024-02-01T00:00:00.1234567Z"));
    }

    @Test
    void severalBoundsIntersect() {
        DateRange r = analyze("creationDate gt 2024-01-01T00:00:00Z and creationDate ge 2023-01-01T00:00:00Z"
                + " and creationDate le 2024-02-01T00:00:00Z and creationDate lt 2025-01-01T00:00:00Z"
                + " and closed eq true").dateRange("creationDate");
        assertThat(r).isEqualTo(new DateRange(T1, false, T2, true, false, true));
        assertThat(analyze("creationDate ge 2024-01-01T00:00:00Z and creationDate gt 2024-01-01T00:00:00Z")
                .dateRange("creationDate")).isEqualTo(new DateRange(T1, false, null, false, false, true));
        assertThat(analyze("creationDate ge 2024-02-01T00:00:00Z and creationDate lt 2024-02-01T00:00:00Z")
                .matchesNothing()).isTrue();
        assertThat(analyze("creationDate ge 2024-02-01T00:00:00Z and creationDate lt 2024-01-01T00:00:00Z")
                .matchesNothing()).isTrue();
        assertThat(analyze("creationDate ge 2024-02-01T00:00:00Z and creationDate le 2024-02-01T00:00:00Z")
                .dateRange("creationDate")).isEqualTo(new DateRange(T2, true, T2, true, false, true));
    }

    @Test
    void boundsOfTwoPropertiesAreKeptApart() {
        FilterAnalysis a = analyze("modificationDate ge 2024-01-01T00:00:00Z and creationDate lt 2024-02-01T00:00:00Z");
        assertThat(a.dateRange("modificationDate")).isEqualTo(new DateRange(T1, true, null, false, false, true));
        assertThat(a.dateRange("creationDate")).isEqualTo(new DateRange(null, false, T2, false, false, true));
        assertThat(a.constrainedDates()).containsExactlyInAnyOrder("creationDate", "modificationDate");
    }

    @Test
    void orAndNotAboveABoundRemoveIt() {
        assertThat(analyze("creationDate ge 2024-01-01T00:00:00Z or closed eq true").dateRange("creationDate"))
                .isEqualTo(DateRange.ANY);
        assertThat(analyze("not (creationDate lt 2024-01-01T00:00:00Z)").dateRange("creationDate"))
                .isEqualTo(DateRange.ANY);
        // no bound left, but a comparison is false for null
        assertThat(analyze("creationDate ge 2024-01-01T00:00:00Z or creationDate lt 2023-01-01T00:00:00Z")
                .dateRange("creationDate")).isEqualTo(DateRange.NOT_NULL);
        assertThat(analyze("creationDate ge 2024-01-01T00:00:00Z or creationDate eq null").dateRange("creationDate"))
                .isEqualTo(new DateRange(Instant.parse("2024-01-01T00:00:00Z"), true, null, false, true, true));
        assertThat(analyze("creationDate ge 2024-01-01T00:00:00Z or creationDate lt 2023-01-01T00:00:00Z"
                + " or creationDate eq null").isUnconstrained()).isTrue();
        assertThat(analyze("creationDate ne 2024-01-01T00:00:00Z").isUnconstrained()).isTrue();
        assertThat(analyze("creationDate lt modificationDate").isUnconstrained()).isTrue();
        assertThat(analyze("creationDate ge 2024-01-01T00:00:00Z or id eq " + A).isUnconstrained()).isTrue();
    }

    @Test
    void anOrOfWindowsGivesTheirHull() {
        DateRange r = analyze("(creationDate ge 2024-01-01T00:00:00Z and creationDate lt 2024-01-10T00:00:00Z)"
                + " or (creationDate gt 2024-01-20T00:00:00Z and creationDate le 2024-02-01T00:00:00Z)")
                .dateRange("creationDate");
        assertThat(r).isEqualTo(new DateRange(T1, true, T2, true, false, true));
    }

    @Test
    void nullComparisons() {
        DateRange isNull = analyze("creationDate eq null").dateRange("creationDate");
        assertThat(isNull.nullAllowed()).isTrue();
        assertThat(isNull.valueAllowed()).isFalse();
        assertThat(isNull.admits(null)).isTrue();
        assertThat(isNull.admits(OffsetDateTime.parse("2024-01-01T00:00:00Z"))).isFalse();
        DateRange notNull = analyze("null ne creationDate").dateRange("creationDate");
        assertThat(notNull.nullAllowed()).isFalse();
        assertThat(notNull.valueAllowed()).isTrue();
        assertThat(analyze("creationDate lt null").matchesNothing()).isTrue();
        assertThat(analyze("creationDate eq null or creationDate ge 2024-01-01T00:00:00Z").dateRange("creationDate"))
                .isEqualTo(new DateRange(T1, true, null, false, true, true));
        assertThat(analyze("creationDate eq null and creationDate ge 2024-01-01T00:00:00Z").matchesNothing())
                .isTrue();
    }

    @Test
    void admitsFollowsTheBounds() {
        DateRange r = new DateRange(T1, false, T2, true, false, true);
        assertThat(r.admits(OffsetDateTime.parse("2024-01-01T00:00:00Z"))).isFalse();
        assertThat(r.admits(OffsetDateTime.parse("2024-01-01T01:00:00.0000001+01:00"))).isTrue();
        assertThat(r.admits(OffsetDateTime.parse("2024-02-01T01:00:00+01:00"))).isTrue();
        assertThat(r.admits(OffsetDateTime.parse("2024-02-01T00:00:00.0000001Z"))).isFalse();
        assertThat(r.admits(null)).isFalse();
    }

    @Test
    void filtersNotMadeByTheParserSayNothing() {
        assertThat(FilterAnalysis.of(row -> true).isUnconstrained()).isTrue();
    }

    @Test
    void theParsedFilterStillFiltersAndErrorsAreUnchanged() {
        RowFilter f = FilterParser.parse("id eq " + A, INCIDENTS);
        assertThat(FilterAnalysis.of(f).ids()).containsExactly(u(A));
        assertThatThrownBy(() -> FilterParser.analyze("creationDate ge 2024-01-01", INCIDENTS))
                .isInstanceOf(QueryOptionException.class).hasMessageStartingWith("$filter:");
    }
}
