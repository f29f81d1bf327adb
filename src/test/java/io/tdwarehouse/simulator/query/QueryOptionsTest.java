package io.tdwarehouse.simulator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tdwarehouse.simulator.model.EntitySetDef;
import io.tdwarehouse.simulator.model.Row;
import io.tdwarehouse.simulator.tenant.TenantSchema;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryOptionsTest {

    private static final EntitySetDef BRANCHES = TenantSchema.get("Branches");
    private static final EntitySetDef INCIDENTS = TenantSchema.get("Incidents");

    private static QueryOptions parse(String raw) {
        return QueryOptions.parse(raw, BRANCHES);
    }

    private static int[] indices(EntitySetDef set, String... names) {
        int[] r = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            r[i] = set.indexOf(names[i]);
            assertThat(r[i]).as(names[i]).isNotNegative();
        }
        return r;
    }

    private static int[] all(EntitySetDef set) {
        int[] r = new int[set.properties().size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = i;
        }
        return r;
    }

    private static Row incident(String modificationDate) {
        Object[] values = new Object[INCIDENTS.properties().size()];
        values[0] = UUID.fromString("8f0e6b1a-1c2d-4e5f-9a0b-1c2d3e4f5a6b");
        values[INCIDENTS.indexOf("modificationDate")] = OffsetDateTime.parse(modificationDate);
        return new Row(INCIDENTS, values);
    }

    // ---- no options

    @Test
    void noOptions() {
        for (String raw : new String[] {null, "", "&", "&&"}) {
            QueryOptions o = parse(raw);
            assertThat(o.selected()).containsExactly(all(BRANCHES));
            assertThat(o.skipToken()).isZero();
            assertThat(o.passThrough()).isEmpty();
            assertThat(o.selectText()).isNull();
            assertThat(o.filter().test(new Row(BRANCHES, new Object[BRANCHES.properties().size()]))).isTrue();
        }
    }

    // ---- $select

    @Test
    void selectAlwaysIncludesTheKeyInSchemaOrder() {
        QueryOptions o = parse("$select=country,name");
        assertThat(o.selected()).containsExactly(indices(BRANCHES, "id", "name", "country"));
        assertThat(o.selectText()).isEqualTo("country,name");
    }

    @Test
    void selectOfTheKeyAloneAndWithSpacesAndDuplicates() {
        assertThat(parse("$select=id").selected()).containsExactly(0);
        assertThat(parse("$select=%20city%20,%20id,city").selected()).containsExactly(indices(BRANCHES, "id", "city"));
    }

    @Test
    void selectStarMeansEverything() {
        assertThat(parse("$select=*").selected()).containsExactly(all(BRANCHES));
        assertThat(parse("$select=name,*").selected()).containsExactly(all(BRANCHES));
    }

    @Test
    void selectOfAnUnknownPropertyNamesIt() {
        assertThatThrownBy(() -> parse("$select=name,colour"))
                .isExactlyInstanceOf(QueryOptionException.class)
                .hasMessageContaining("colour");
        // property names are case-sensitive
        assertThatThrownBy(() -> parse("$select=Name"))
                .isExactlyInstanceOf(QueryOptionException.class)
                .hasMessageContaining("Name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"$select=", "$select", "$select=name,", "$select=,name", "$select=%20"})
    void emptySelectIsRefused(String raw) {
        assertThatThrownBy(() -> parse(raw)).isExactlyInstanceOf(QueryOptionException.class)
                .hasMessageContaining("$select");
    }

    // ---- $skiptoken

    @Test
    void skipTokensThisServiceIssues() {
        assertThat(parse("$skiptoken=r123").skipToken()).isEqualTo(123);
        assertThat(parse("$skiptoken=r0").skipToken()).isZero();
        assertThat(parse("$skiptoken=" + QueryOptions.skipTokenFor(1000)).skipToken()).isEqualTo(1000);
        assertThat(parse("$skiptoken=r2147483647").skipToken()).isEqualTo(Integer.MAX_VALUE);
        assertThat(QueryOptions.skipTokenFor(42)).isEqualTo("r42");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "r-1", "r", "", "r99999999999", "r2147483648", "R5", "r1x", "123", "r%201"})
    void otherSkipTokensAreRefused(String token) {
        assertThatThrownBy(() -> parse("$skiptoken=" + token))
                .isExactlyInstanceOf(QueryOptionException.class)
                .hasMessageContaining("$skiptoken");
    }

    // ---- option names

    @Test
    void anOptionGivenTwiceIsRefused() {
        assertThatThrownBy(() -> parse("$select=name&$select=city"))
                .isExactlyInstanceOf(QueryOptionException.class).hasMessageContaining("$select");
        assertThatThrownBy(() -> parse("$skiptoken=r1&$skiptoken=r1"))
                .isExactlyInstanceOf(QueryOptionException.class).hasMessageContaining("$skiptoken");
        // also when one of them is percent-encoded
        assertThatThrownBy(() -> parse("$filter=name%20eq%20null&%24filter=city%20eq%20null"))
                .isExactlyInstanceOf(QueryOptionException.class).hasMessageContaining("$filter");
    }

    @Test
    void unknownSystemOptionIsABadRequest() {
        assertThatThrownBy(() -> parse("$foo=1"))
                .isExactlyInstanceOf(QueryOptionException.class).hasMessageContaining("$foo");
        assertThatThrownBy(() -> parse("$foo"))
                .isExactlyInstanceOf(QueryOptionException.class).hasMessageContaining("$foo");
    }

    @ParameterizedTest
    @ValueSource(strings = {"$top=5", "$skip=10", "$orderby=name", "$expand=x", "$count=true", "$search=a"})
    void optionsTheFeedDoesNotOfferAreNotImplemented(String raw) {
        String name = raw.substring(0, raw.indexOf('='));
        assertThatThrownBy(() -> parse(raw))
                .isExactlyInstanceOf(QueryOptions.NotImplementedException.class)
                .isInstanceOf(QueryOptionException.class)
                .hasMessageContaining(name);
    }

    @Test
    void format() {
        assertThat(parse("$format=json").passThrough()).isEqualTo("$format=json");
        assertThat(parse("$format=application/json;odata.metadata=minimal").selected()).containsExactly(all(BRANCHES));
        assertThatThrownBy(() -> parse("$format=xml")).isExactlyInstanceOf(QueryOptionException.class)
                .hasMessageContaining("$format");
    }

    @Test
    void customOptionsAreIgnored() {
        QueryOptions o = parse("foo=bar&$select=name&debug");
        assertThat(o.selected()).containsExactly(indices(BRANCHES, "id", "name"));
        assertThat(o.skipToken()).isZero();
        // a custom option may look like a system option's value, but is none
        QueryOptions p = parse("select=nope&top=5");
        assertThat(p.selected()).containsExactly(all(BRANCHES));
    }

    // ---- percent-decoding and $filter

    @Test
    void plusInAFilterStaysAPlus() {
        Row inside = incident("2023-12-31T23:30:00Z"); // 00:30 at +01:00
        Row outside = incident("2023-12-31T22:30:00Z"); // 23:30 at +01:00
        for (String raw : new String[] {
                "$filter=modificationDate%20gt%202024-01-01T00:00:00%2B01:00",
                "$filter=modificationDate%20gt%202024-01-01T00:00:00%2b01:00",
                "$filter=modificationDate%20gt%202024-01-01T00:00:00+01:00",
                "%24filter=modificationDate%20gt%202024-01-01T00%3A00%3A00%2B01%3A00"}) {
            QueryOptions o = QueryOptions.parse(raw, INCIDENTS);
            assertThat(o.filter().test(inside)).as(raw).isTrue();
            assertThat(o.filter().test(outside)).as(raw).isFalse();
        }
    }

    @Test
    void decodeKeepsPlusAndDecodesUtf8() {
        assertThat(QueryOptions.decode("a+b")).isEqualTo("a+b");
        assertThat(QueryOptions.decode("a+b%20c")).isEqualTo("a+b c");
        assertThat(QueryOptions.decode("%2B01%3a00")).isEqualTo("+01:00");
        assertThat(QueryOptions.decode("Z%C3%BCrich%20%F0%9F%98%80")).isEqualTo("Zürich 😀");
        assertThat(QueryOptions.decode("Zürich%20x")).isEqualTo("Zürich x");
        assertThat(QueryOptions.decode("%27O%27%27Brien%27")).isEqualTo("'O''Brien'");
    }

    @Test
    void filterOnANonAsciiLiteral() {
        QueryOptions o = parse("$filter=city%20eq%20%27Z%C3%BCrich%27");
        Object[] v = new Object[BRANCHES.properties().size()];
        v[0] = UUID.randomUUID();
        v[BRANCHES.indexOf("city")] = "Zürich";
        assertThat(o.filter().test(new Row(BRANCHES, v))).isTrue();
        v[BRANCHES.indexOf("city")] = "Zurich";
        assertThat(o.filter().test(new Row(BRANCHES, v))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$filter=name%20eq%20%27a%", "$filter=name%2", "$filter=name%zz", "$select=na%G1me",
        "%2$select=name", "$filter=%"})
    void malformedPercentEncodingIsRefused(String raw) {
        assertThatThrownBy(() -> parse(raw)).isExactlyInstanceOf(QueryOptionException.class);
    }

    @Test
    void aBadFilterIsABadRequest() {
        assertThatThrownBy(() -> parse("$filter=colour%20eq%20%27red%27"))
                .isInstanceOf(QueryOptionException.class).hasMessageContaining("colour");
    }

    // ---- passThrough

    @Test
    void passThroughKeepsFilterAndSelectRawAndDropsTheSkipToken() {
        String filter = "$filter=name%20eq%20%27Delft%20HQ%27%20or%20modificationDate%20gt%202024-01-01T00:00:00%2B01:00";
        QueryOptions o = parse(filter + "&$skiptoken=r2000&$select=name,city");
        assertThat(o.passThrough()).isEqualTo(filter + "&$select=name,city");
        assertThat(o.skipToken()).isEqualTo(2000);
        assertThat(o.selectText()).isEqualTo("name,city");

        QueryOptions p = parse("$skiptoken=r5&%24select=name%2Ccity");
        assertThat(p.passThrough()).isEqualTo("%24select=name%2Ccity");
        assertThat(p.selectText()).isEqualTo("name,city");
        assertThat(p.selected()).containsExactly(indices(BRANCHES, "id", "name", "city"));

        assertThat(parse("$skiptoken=r5").passThrough()).isEmpty();
        assertThat(parse("%24skiptoken=r5").passThrough()).isEmpty();
    }

    @Test
    void passThroughKeepsCustomOptionsInOrder() {
        // custom options change nothing, but a nextLink repeats the request's options except $skiptoken
        QueryOptions o = parse("a=1&$select=name&$skiptoken=r7&b");
        assertThat(o.passThrough()).isEqualTo("a=1&$select=name&b");
    }
}
