package io.tdwarehouse.simulator.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tdwarehouse.simulator.model.EdmType;
import io.tdwarehouse.simulator.model.EntitySetDef;
import io.tdwarehouse.simulator.model.PropertyDef;
import io.tdwarehouse.simulator.model.Row;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

class TenantDataTest {

    private static final Pattern INCIDENT_NUMBER = Pattern.compile("I \\d{4} \\d{3,}");
    private static final Pattern CHANGE_NUMBER = Pattern.compile("C \\d{4} \\d{3,}");

    /** Foreign keys of the modelled tenant: "Set.property" to the set it refers to. */
    private static final Map<String, String> FOREIGN_KEYS = new LinkedHashMap<>();

    static {
        fk("Subcategories", "categoryId", "Categories");
        fk("Persons", "branchId", "Branches");
        fk("Persons", "departmentId", "Departments");
        fk("Operators", "branchId", "Branches");
        fk("Operators", "departmentId", "Departments");
        fk("OperatorGroups", "branchId", "Branches");
        fk("Incidents", "callerId", "Persons");
        fk("Incidents", "branchId", "Branches");
        fk("Incidents", "categoryId", "Categories");
        fk("Incidents", "subcategoryId", "Subcategories");
        fk("Incidents", "callTypeId", "IncidentCallTypes");
        fk("Incidents", "entryTypeId", "IncidentEntryTypes");
        fk("Incidents", "impactId", "IncidentImpacts");
        fk("Incidents", "urgencyId", "IncidentUrgencies");
        fk("Incidents", "priorityId", "IncidentPriorities");
        fk("Incidents", "operatorId", "Operators");
        fk("Incidents", "operatorGroupId", "OperatorGroups");
        fk("Incidents", "processingStatusId", "IncidentProcessingStatuses");
        fk("Incidents", "mainIncidentId", "Incidents");
        fk("Changes", "requesterId", "Persons");
        fk("Changes", "branchId", "Branches");
        fk("Changes", "categoryId", "Categories");
        fk("Changes", "subcategoryId", "Subcategories");
        fk("Changes", "typeId", "ChangeTypes");
        fk("Changes", "impactId", "ChangeImpacts");
        fk("Changes", "priorityId", "ChangePriorities");
        fk("Changes", "operatorId", "Operators");
        fk("Changes", "operatorGroupId", "OperatorGroups");
        fk("Changes", "processingStatusId", "ChangeProcessingStatuses");
        fk("ChangeActivities", "changeId", "Changes");
        fk("ChangeActivities", "categoryId", "Categories");
        fk("ChangeActivities", "subcategoryId", "Subcategories");
        fk("ChangeActivities", "operatorGroupId", "OperatorGroups");
        fk("ChangeActivities", "operatorId", "Operators");
        fk("ChangeActivities", "processingStatusId", "ChangeProcessingStatuses");
    }

    private static void fk(String set, String property, String target) {
        FOREIGN_KEYS.put(set + "." + property, target);
    }

    private static List<Row> rows(TenantData data, String set) {
        return data.view(TenantSchema.get(set)).rows();
    }

    private static Set<UUID> ids(List<Row> rows) {
        return rows.stream().map(r -> (UUID) r.get("id")).collect(Collectors.toSet());
    }

    private static Map<String, Integer> expectedCounts(int n) {
        Map<String, Integer> m = new HashMap<>();
        m.put("Branches", 50);
        m.put("Departments", 30);
        m.put("Categories", 20);
        m.put("Subcategories", 120);
        m.put("Persons", Math.max(200, n / 5));
        m.put("Operators", 300);
        m.put("OperatorGroups", 40);
        m.put("IncidentProcessingStatuses", 8);
        m.put("IncidentPriorities", 5);
        m.put("IncidentImpacts", 4);
        m.put("IncidentUrgencies", 4);
        m.put("IncidentCallTypes", 6);
        m.put("IncidentEntryTypes", 6);
        m.put("Incidents", n);
        m.put("IncidentDetails", n);
        m.put("Changes", n / 10);
        m.put("ChangeDetails", n / 10);
        m.put("ChangeActivities", 3 * (n / 10));
        m.put("ChangeTypes", 4);
        m.put("ChangeImpacts", 3);
        m.put("ChangePriorities", 5);
        m.put("ChangeProcessingStatuses", 8);
        return m;
    }

    private static OffsetDateTime date(Row row, String property) {
        return (OffsetDateTime) row.get(property);
    }

    // ---------------------------------------------------------------------------------------------------------
    // (a) shape, types, ids, counts

    @Nested
    class Shape {
        private final TenantData data = new TenantData(7, 500);

        @Test
        void everyValueHasItsPropertysType() {
            for (EntitySetDef set : TenantSchema.entitySets()) {
                List<Row> rows = rows(data, set.name());
                for (Row row : rows) {
                    assertThat(row.set()).isSameAs(set);
                    assertThat(row.values()).as("%s values", set.name()).hasSize(set.properties().size());
                    for (int i = 0; i < set.properties().size(); i++) {
                        PropertyDef p = set.property(i);
                        Object v = row.get(i);
                        if (!p.nullable()) {
                            assertThat(v).as("%s.%s", set.name(), p.name()).isNotNull();
                        }
                        if (v != null) {
                            assertThat(v).as("%s.%s", set.name(), p.name()).isExactlyInstanceOf(p.type().javaType());
                        }
                    }
                }
            }
        }

        @Test
        void idsAreNonNullAndUniqueWithinASet() {
            for (EntitySetDef set : TenantSchema.entitySets()) {
                List<Row> rows = rows(data, set.name());
                List<Object> ids = rows.stream().map(r -> r.get(0)).toList();
                assertThat(ids).as(set.name()).doesNotContainNull().doesNotHaveDuplicates();
            }
        }

        @Test
        void idOfIndexIsTheIdOfThatRow() {
            for (EntitySetDef set : TenantSchema.entitySets()) {
                TenantData.EntitySetView view = data.view(set);
                for (int i = 0; i < view.size(); i++) {
                    assertThat(view.row(i).get("id")).as("%s row %d", set.name(), i).isEqualTo(data.id(set.name(), i));
                }
            }
        }

        @Test
        void rowCountsAreThoseOfTheDocumentedTable() {
            assertRowCounts(data, 500);
        }

        @Test
        void rowCountsForOtherSizes() {
            assertRowCounts(new TenantData(3, 0), 0);
            assertRowCounts(new TenantData(3, 9), 9);
            assertRowCounts(new TenantData(3, 1234), 1234);
            // Persons = max(200, N/5): a large tenant's count, without generating its rows
            TenantData large = new TenantData(3, 2_000_000);
            assertThat(large.baseCount("Persons")).isEqualTo(400_000);
            assertThat(large.baseCount("Changes")).isEqualTo(200_000);
            assertThat(large.baseCount("ChangeActivities")).isEqualTo(600_000);
            assertThat(large.view(TenantSchema.get("IncidentDetails")).size()).isEqualTo(2_000_000);
        }

        private void assertRowCounts(TenantData d, int n) {
            Map<String, Integer> expected = expectedCounts(n);
            assertThat(TenantSchema.entitySets().stream().map(EntitySetDef::name))
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
            for (EntitySetDef set : TenantSchema.entitySets()) {
                int count = expected.get(set.name());
                assertThat(d.baseCount(set.name())).as("baseCount %s, N=%d", set.name(), n).isEqualTo(count);
                assertThat(d.view(set).size()).as("size %s, N=%d", set.name(), n).isEqualTo(count);
                assertThat(d.view(set).rows()).as("rows %s, N=%d", set.name(), n).hasSize(count);
            }
        }

        @Test
        void lookupSetsHaveTheDocumentedSizes() {
            for (String s : List.of("IncidentPriorities", "IncidentImpacts", "IncidentUrgencies",
                    "IncidentCallTypes", "IncidentEntryTypes")) {
                assertThat(data.baseCount(s)).as(s).isBetween(4, 8);
            }
            for (String s : List.of("ChangeTypes", "ChangeImpacts", "ChangePriorities", "ChangeProcessingStatuses")) {
                assertThat(data.baseCount(s)).as(s).isBetween(3, 8);
            }
        }

        @Test
        void processingStatusesAreOrdered() {
            List<Row> rows = rows(data, "IncidentProcessingStatuses");
            assertThat(rows.stream().map(r -> r.get("order"))).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
            assertThat(rows.stream().map(r -> (String) r.get("name"))).doesNotContainNull().doesNotHaveDuplicates();
        }

        @Test
        void foreignKeysPointAtGeneratedRowsOrAtTheDanglingSpan() {
            Map<String, Set<UUID>> idsBySet = new HashMap<>();
            for (EntitySetDef set : TenantSchema.entitySets()) {
                idsBySet.put(set.name(), ids(rows(data, set.name())));
            }
            for (Map.Entry<String, String> e : FOREIGN_KEYS.entrySet()) {
                String[] sp = e.getKey().split("\\.");
                String target = e.getValue();
                assertThat(TenantSchema.get(sp[0]).has(sp[1])).as(e.getKey()).isTrue();
                Set<UUID> allowed = new HashSet<>(idsBySet.get(target));
                for (int k = 0; k < RowFactory.DANGLING_SPAN; k++) {
                    allowed.add(data.id(target, data.baseCount(target) + k));
                }
                for (Row row : rows(data, sp[0])) {
                    Object v = row.get(sp[1]);
                    if (v != null) {
                        assertThat(allowed).as("%s of %s", e.getKey(), row.get("id")).contains((UUID) v);
                    }
                }
            }
        }

        @Test
        void datesAreSensible() {
            OffsetDateTime start = OffsetDateTime.parse("2019-01-01T00:00:00Z");
            OffsetDateTime end = OffsetDateTime.parse("2026-01-01T00:00:00Z");
            for (EntitySetDef set : TenantSchema.entitySets()) {
                if (!set.has("creationDate")) {
                    continue;
                }
                for (Row row : rows(data, set.name())) {
                    OffsetDateTime cd = date(row, "creationDate");
                    OffsetDateTime md = date(row, "modificationDate");
                    assertThat(cd).as("%s creationDate", set.name()).isNotNull();
                    assertThat(md).as("%s modificationDate", set.name()).isNotNull();
                    assertThat(cd.toInstant()).as("%s creationDate", set.name())
                            .isBetween(start.toInstant(), end.toInstant());
                    assertThat(md.toInstant()).as("%s modificationDate", set.name()).isBefore(end.toInstant());
                    assertThat(cd.getNano() % 100).as("%s: at most 7 fractional digits", set.name()).isZero();
                    assertThat(md.getNano() % 100).as("%s: at most 7 fractional digits", set.name()).isZero();
                    assertThat(cd.getOffset()).isIn(ZoneOffset.UTC, ZoneOffset.ofHours(1));
                    assertThat(md.getOffset()).isEqualTo(cd.getOffset());
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // (b) determinism

    @Test
    void sameSeedGivesEqualRows() {
        TenantData a = new TenantData(7, 500);
        TenantData b = new TenantData(7, 500);
        for (EntitySetDef set : TenantSchema.entitySets()) {
            List<Row> ra = rows(a, set.name());
            List<Row> rb = rows(b, set.name());
            assertThat(rb).hasSameSizeAs(ra);
            for (int i = 0; i < ra.size(); i++) {
                assertThat(Arrays.deepEquals(ra.get(i).values(), rb.get(i).values()))
                        .as("%s row %d: %s vs %s", set.name(), i, Arrays.toString(ra.get(i).values()),
                                Arrays.toString(rb.get(i).values()))
                        .isTrue();
            }
        }
    }

    @Test
    void rowsCanBeGeneratedInAnyOrder() {
        TenantData data = new TenantData(7, 500);
        TenantData.EntitySetView view = data.view(TenantSchema.get("Incidents"));
        Object[] late = view.row(321).values();
        view.row(0);
        view.row(499);
        assertThat(view.row(321).values()).containsExactly(late);
    }

    @Test
    void differentSeedGivesDifferentIds() {
        TenantData a = new TenantData(7, 500);
        TenantData b = new TenantData(8, 500);
        for (EntitySetDef set : TenantSchema.entitySets()) {
            Set<UUID> ia = ids(rows(a, set.name()));
            Set<UUID> ib = ids(rows(b, set.name()));
            assertThat(ia).as(set.name()).doesNotContainAnyElementsOf(ib);
        }
        assertThat(a.seed()).isEqualTo(7);
        assertThat(a.incidents()).isEqualTo(500);
    }

    @Test
    void negativeIncidentsAreRefused() {
        assertThatThrownBy(() -> new TenantData(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownEntitySetIsRefused() {
        TenantData data = new TenantData(1, 10);
        assertThatThrownBy(() -> data.mutate("Nope", 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> data.id("Nope", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------------------------------------------------
    // (c) details and numbers

    @Test
    void detailsShareIdsAndNumbersAreUniqueInTopdesksFormat() {
        TenantData data = new TenantData(7, 5000);
        assertDetails(data, "Incidents", "IncidentDetails", INCIDENT_NUMBER, 5000);
        assertDetails(data, "Changes", "ChangeDetails", CHANGE_NUMBER, 500);
    }

    private static void assertDetails(TenantData data, String main, String details, Pattern number, int n) {
        TenantData.EntitySetView m = data.view(TenantSchema.get(main));
        TenantData.EntitySetView d = data.view(TenantSchema.get(details));
        assertThat(d.size()).isEqualTo(m.size()).isEqualTo(n);
        Set<String> numbers = new HashSet<>();
        for (int i = 0; i < m.size(); i++) {
            Row mr = m.row(i);
            Row dr = d.row(i);
            assertThat(dr.get("id")).as("%s row %d", details, i).isEqualTo(mr.get("id"));
            String no = (String) dr.get("number");
            assertThat(no).as("%s row %d", details, i).matches(number);
            assertThat(numbers.add(no)).as("duplicate number %s", no).isTrue();
            assertThat((String) dr.get("briefDescription")).isNotEmpty();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // (d) the warts of real data

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Warts {
        private static final int N = 20_000;
        private TenantData data;
        private final Map<String, List<Row>> rows = new HashMap<>();

        @BeforeAll
        void generate() {
            data = new TenantData(11, N);
            for (EntitySetDef set : TenantSchema.entitySets()) {
                rows.put(set.name(), rows(data, set.name()));
            }
        }

        private int[] nullAndDangling(String set, String property, String target) {
            Set<UUID> targets = ids(rows.get(target));
            int nulls = 0, dangling = 0;
            for (Row row : rows.get(set)) {
                UUID v = (UUID) row.get(property);
                if (v == null) {
                    nulls++;
                } else if (!targets.contains(v)) {
                    dangling++;
                }
            }
            return new int[] {nulls, dangling};
        }

        @Test
        void someForeignKeysAreNullAndSomeDangle() {
            for (String fk : List.of("callerId:Persons", "branchId:Branches", "operatorId:Operators",
                    "operatorGroupId:OperatorGroups", "priorityId:IncidentPriorities")) {
                String[] p = fk.split(":");
                int[] nd = nullAndDangling("Incidents", p[0], p[1]);
                assertThat(nd[0]).as("null %s", p[0]).isBetween(N * 4 / 100, N * 10 / 100);
                assertThat(nd[1]).as("dangling %s", p[0]).isBetween(N * 2 / 1000, N * 10 / 1000);
            }
            // processing statuses are never null, but may dangle
            int[] status = nullAndDangling("Incidents", "processingStatusId", "IncidentProcessingStatuses");
            assertThat(status[0]).isZero();
            assertThat(status[1]).isPositive();
            int[] requester = nullAndDangling("Changes", "requesterId", "Persons");
            assertThat(requester[0]).isPositive();
            assertThat(requester[1]).isPositive();
        }

        @Test
        void manyIncidentsShareAModificationDateToTheSecond() {
            Map<java.time.Instant, Integer> bySecond = new HashMap<>();
            for (Row row : rows.get("Incidents")) {
                bySecond.merge(date(row, "modificationDate").toInstant().truncatedTo(ChronoUnit.SECONDS), 1, Integer::sum);
            }
            int max = bySecond.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
            long sharedGroups = bySecond.values().stream().filter(c -> c >= 5).count();
            assertThat(max).isGreaterThanOrEqualTo(10);
            assertThat(sharedGroups).isGreaterThanOrEqualTo(100);
        }

        @Test
        void stringsHoldWhatRealTenantsHold() {
            List<String> strings = new ArrayList<>();
            for (EntitySetDef set : TenantSchema.entitySets()) {
                for (Row row : rows.get(set.name())) {
                    for (Object v : row.values()) {
                        if (v instanceof String s) {
                            strings.add(s);
                        }
                    }
                }
            }
            for (String c : List.of("\"", "'", ",", "\t", "\n", "\r\n", "\\", "é", "ø", "Ł")) {
                assertThat(strings).as("a string containing %s", c.replace("\n", "\\n").replace("\t", "\\t"))
                        .anyMatch(s -> s.contains(c));
            }
            assertThat(strings).as("non-BMP characters (emoji)")
                    .anyMatch(s -> s.codePoints().anyMatch(cp -> cp > 0xFFFF));
            assertThat(strings).as("well-formed UTF-16 (no lone surrogates)").allMatch(TenantDataTest::wellFormed);
        }

        @Test
        void someBriefDescriptionsAreExactly4000Characters() {
            for (String set : List.of("IncidentDetails", "ChangeDetails")) {
                List<Integer> lengths = rows.get(set).stream()
                        .map(r -> ((String) r.get("briefDescription")).length()).toList();
                assertThat(lengths).as(set).allMatch(l -> l >= 1 && l <= 4000);
            }
            long full = rows.get("IncidentDetails").stream()
                    .filter(r -> ((String) r.get("briefDescription")).length() == 4000).count();
            assertThat(full).isBetween(N / 200L, N / 50L);
        }

        @Test
        void someDatesHaveACetOffsetAndSomeSevenFractionalDigits() {
            int cet = 0, utc = 0, seven = 0, none = 0, three = 0;
            for (Row row : rows.get("Incidents")) {
                for (String p : List.of("creationDate", "modificationDate")) {
                    OffsetDateTime t = date(row, p);
                    if (t.getOffset().equals(ZoneOffset.ofHours(1))) {
                        cet++;
                    } else if (t.getOffset().equals(ZoneOffset.UTC)) {
                        utc++;
                    }
                    int ticks = t.getNano() / 100;
                    assertThat(t.getNano() % 100).isZero();
                    if (ticks == 0) {
                        none++;
                    } else if (ticks % 10 != 0) {
                        seven++;
                    } else if (ticks % 10_000 == 0) {
                        three++;
                    }
                }
            }
            assertThat(cet).isPositive();
            assertThat(utc).isGreaterThan(cet);
            assertThat(cet + utc).isEqualTo(2 * N);
            assertThat(seven).isPositive();
            assertThat(none).isPositive();
            assertThat(three).isPositive();
        }

        @Test
        void modificationIsNeverBeforeCreation() {
            List<String> wrong = new ArrayList<>();
            for (EntitySetDef set : TenantSchema.entitySets()) {
                if (!set.has("creationDate")) {
                    continue;
                }
                for (Row row : rows.get(set.name())) {
                    if (date(row, "modificationDate").isBefore(date(row, "creationDate"))) {
                        wrong.add(set.name() + " " + row.get("id") + ": created " + row.get("creationDate")
                                + ", modified " + row.get("modificationDate"));
                    }
                }
            }
            assertThat(wrong).as("%d rows modified before they were created", wrong.size()).isEmpty();
        }
    }

    static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------
    // (e) mutations

    @Nested
    class Mutations {
        private final TenantData data = new TenantData(7, 2000);
        private final EntitySetDef incidents = TenantSchema.get("Incidents");
        private final EntitySetDef details = TenantSchema.get("IncidentDetails");

        private Map<UUID, Integer> indexById(TenantData.EntitySetView view) {
            Map<UUID, Integer> m = new HashMap<>();
            for (int i = 0; i < view.size(); i++) {
                Row r = view.row(i);
                if (r != null) {
                    m.put((UUID) r.get("id"), i);
                }
            }
            return m;
        }

        private OffsetDateTime latestGeneratedModification() {
            OffsetDateTime latest = OffsetDateTime.parse("1970-01-01T00:00:00Z");
            for (EntitySetDef set : TenantSchema.entitySets()) {
                if (set.has("modificationDate")) {
                    for (Row row : rows(data, set.name())) {
                        if (date(row, "modificationDate").isAfter(latest)) {
                            latest = date(row, "modificationDate");
                        }
                    }
                }
            }
            return latest;
        }

        @Test
        void createUpdateDeleteIncidents() {
            OffsetDateTime latest = latestGeneratedModification();
            TenantData.EntitySetView before = data.view(incidents);
            TenantData.EntitySetView detailsBefore = data.view(details);
            List<Object[]> valuesBefore = before.rows().stream().map(Row::values).toList();
            List<Object[]> detailsValuesBefore = detailsBefore.rows().stream().map(Row::values).toList();
            Map<UUID, Integer> index = indexById(before);

            TenantData.Mutation m = data.mutate("Incidents", 5, 10, 3);

            assertThat(m.entitySet()).isEqualTo("Incidents");
            assertThat(m.batch()).isEqualTo(1);
            assertThat(m.created()).hasSize(5).doesNotHaveDuplicates();
            assertThat(m.updated()).hasSize(10).doesNotHaveDuplicates();
            assertThat(m.deleted()).hasSize(3).doesNotHaveDuplicates();
            assertThat(m.updated()).doesNotContainAnyElementsOf(m.deleted());
            assertThat(index.keySet()).containsAll(m.updated()).containsAll(m.deleted())
                    .doesNotContainAnyElementsOf(m.created());
            assertThat(m.modificationDate()).isAfter(latest);
            assertThat(m.modificationDate().getNano()).isZero();

            TenantData.EntitySetView after = data.view(incidents);
            TenantData.EntitySetView detailsAfter = data.view(details);
            assertThat(after.size()).isEqualTo(2005);
            assertThat(detailsAfter.size()).isEqualTo(2005);

            // deleted: exactly those rows are gone, in both sets of the family
            Set<Integer> deletedIndices = m.deleted().stream().map(index::get).collect(Collectors.toSet());
            Set<Integer> nullIndices = new HashSet<>();
            for (int i = 0; i < after.size(); i++) {
                if (after.row(i) == null) {
                    nullIndices.add(i);
                }
                assertThat(detailsAfter.row(i) == null).as("details row %d", i).isEqualTo(after.row(i) == null);
            }
            assertThat(nullIndices).isEqualTo(deletedIndices);
            assertThat(after.rows()).hasSize(2002);
            assertThat(ids(after.rows())).doesNotContainAnyElementsOf(m.deleted());
            assertThat(ids(detailsAfter.rows())).doesNotContainAnyElementsOf(m.deleted());

            // updated
            Set<Integer> updatedIndices = new HashSet<>();
            for (UUID id : m.updated()) {
                int i = index.get(id);
                updatedIndices.add(i);
                Row old = new Row(incidents, valuesBefore.get(i));
                Row now = after.row(i);
                assertThat(now.get("id")).isEqualTo(id);
                assertThat(date(now, "modificationDate")).isAtSameInstantAs(m.modificationDate());
                assertThat(date(now, "modificationDate")).isAfter(date(old, "modificationDate"));
                assertThat(now.get("creationDate")).isEqualTo(old.get("creationDate"));
                assertThat(now.get("callDate")).isEqualTo(old.get("callDate"));
                assertThat(now.get("callerId")).isEqualTo(old.get("callerId"));
                Row oldDetail = new Row(details, detailsValuesBefore.get(i));
                Row newDetail = detailsAfter.row(i);
                assertThat(newDetail.get("id")).isEqualTo(id);
                assertThat(newDetail.get("number")).isEqualTo(oldDetail.get("number"));
                assertThat(newDetail.get("briefDescription")).isNotEqualTo(oldDetail.get("briefDescription"));
            }

            // untouched rows are unchanged
            for (int i = 0; i < 2000; i++) {
                if (!updatedIndices.contains(i) && !deletedIndices.contains(i)) {
                    assertThat(after.row(i).values()).as("row %d", i).containsExactly(valuesBefore.get(i));
                    assertThat(detailsAfter.row(i).values()).as("detail %d", i)
                            .containsExactly(detailsValuesBefore.get(i));
                }
            }

            // created: at the end, in order, carrying the batch's time
            Set<String> numbers = new HashSet<>();
            detailsAfter.rows().forEach(r -> numbers.add((String) r.get("number")));
            assertThat(numbers).hasSize(2002);
            for (int k = 0; k < 5; k++) {
                Row r = after.row(2000 + k);
                assertThat(r.get("id")).isEqualTo(m.created().get(k));
                assertThat(r.get("id")).isEqualTo(data.id("Incidents", 2000 + k));
                assertThat(date(r, "creationDate")).isAtSameInstantAs(m.modificationDate());
                assertThat(date(r, "modificationDate")).isAtSameInstantAs(m.modificationDate());
                Row d = detailsAfter.row(2000 + k);
                assertThat(d.get("id")).isEqualTo(r.get("id"));
                assertThat((String) d.get("number")).matches(INCIDENT_NUMBER);
                for (int i = 0; i < r.values().length; i++) {
                    Object v = r.get(i);
                    if (v != null) {
                        assertThat(v).isInstanceOf(incidents.property(i).type().javaType());
                    }
                }
            }

            // snapshot isolation: views taken before are unchanged
            assertThat(before.size()).isEqualTo(2000);
            assertThat(detailsBefore.size()).isEqualTo(2000);
            for (int i = 0; i < 2000; i++) {
                assertThat(before.row(i).values()).as("old view row %d", i).containsExactly(valuesBefore.get(i));
                assertThat(detailsBefore.row(i).values()).containsExactly(detailsValuesBefore.get(i));
            }
            assertThatThrownBy(() -> before.row(2000)).isInstanceOf(IndexOutOfBoundsException.class);
        }

        @Test
        void laterBatchesAreLaterAndRemember() {
            TenantData.Mutation first = data.mutate("Incidents", 1, 5, 5);
            TenantData.Mutation second = data.mutate("Persons", 2, 3, 1);
            TenantData.Mutation third = data.mutate("Incidents", 0, 1900, 0);
            assertThat(second.batch()).isEqualTo(first.batch() + 1);
            assertThat(third.batch()).isEqualTo(second.batch() + 1);
            assertThat(second.modificationDate()).isAfter(first.modificationDate());
            assertThat(third.modificationDate()).isAfter(second.modificationDate());

            TenantData.EntitySetView view = data.view(incidents);
            assertThat(view.size()).isEqualTo(2001);
            Map<UUID, Integer> index = indexById(view);
            assertThat(index).hasSize(1996).doesNotContainKeys(first.deleted().toArray(UUID[]::new));
            // deleted rows are never picked again
            assertThat(third.updated()).doesNotContainAnyElementsOf(first.deleted());
            for (UUID id : third.updated()) {
                assertThat(date(view.row(index.get(id)), "modificationDate")).isAtSameInstantAs(third.modificationDate());
            }
            // 1996 rows are live: updating and deleting more than that fails, deleting all of them works
            assertThatThrownBy(() -> data.mutate("Incidents", 0, 1000, 997))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> data.mutate("Incidents", 0, 0, 1997))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(data.view(incidents).size()).isEqualTo(2001);
            TenantData.Mutation fourth = data.mutate("Incidents", 0, 0, 1996);
            assertThat(fourth.batch()).isEqualTo(third.batch() + 1);
            assertThat(data.view(incidents).rows()).isEmpty();
            assertThat(data.view(details).rows()).isEmpty();
            assertThat(data.view(TenantSchema.get("Persons")).size()).isEqualTo(402);
        }

        @Test
        void updatingMoreRowsThanExistIsRefused() {
            assertThatThrownBy(() -> data.mutate("Branches", 0, 51, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> data.mutate("Branches", 0, 30, 21)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> data.mutate("Branches", -1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> data.mutate("Branches", 0, -1, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> data.mutate("Branches", 0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
            // a refused mutation changes nothing and uses no batch
            TenantData.Mutation ok = data.mutate("Branches", 0, 50, 0);
            assertThat(ok.batch()).isEqualTo(1);
            data.mutate("Branches", 0, 0, 3);
            assertThatThrownBy(() -> data.mutate("Branches", 0, 48, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThat(data.mutate("Branches", 0, 47, 0).updated()).hasSize(47);
        }

        // (f) late arrival
        @Test
        void creatingRowsResolvesDanglingReferences() {
            TenantData big = new TenantData(11, 20_000);
            int base = big.baseCount("Branches");
            Set<UUID> branchIds = ids(rows(big, "Branches"));
            List<UUID> dangling = new ArrayList<>();
            for (Row row : rows(big, "Incidents")) {
                UUID b = (UUID) row.get("branchId");
                if (b != null && !branchIds.contains(b)) {
                    dangling.add(b);
                }
            }
            assertThat(dangling).isNotEmpty();
            Set<UUID> span = new HashSet<>();
            for (int k = 0; k < RowFactory.DANGLING_SPAN; k++) {
                span.add(big.id("Branches", base + k));
            }
            assertThat(span).containsAll(dangling);

            TenantData.Mutation first = big.mutate("Branches", 1, 0, 0);
            assertThat(first.created()).containsExactly(big.id("Branches", base));
            Set<UUID> afterFirst = ids(rows(big, "Branches"));
            long stillDangling = dangling.stream().filter(b -> !afterFirst.contains(b)).count();
            assertThat(stillDangling).isLessThan(dangling.size());

            big.mutate("Branches", RowFactory.DANGLING_SPAN - 1, 0, 0);
            Set<UUID> afterAll = ids(rows(big, "Branches"));
            assertThat(afterAll).hasSize(base + RowFactory.DANGLING_SPAN).containsAll(dangling);
            // the late rows carry their batch's time
            Row late = big.view(TenantSchema.get("Branches")).row(base);
            assertThat(date(late, "creationDate")).isAtSameInstantAs(first.modificationDate());
            assertThat(date(late, "modificationDate")).isAtSameInstantAs(first.modificationDate());
        }

        // (g) renames
        @Test
        void renameChangesNameAndModificationDateOnly() {
            EntitySetDef branches = TenantSchema.get("Branches");
            TenantData.EntitySetView before = data.view(branches);
            Object[] old = before.row(17).values().clone();
            UUID id = (UUID) before.row(17).get("id");

            TenantData.Mutation m = data.rename("Branches", id, "New name");

            assertThat(m.entitySet()).isEqualTo("Branches");
            assertThat(m.updated()).containsExactly(id);
            assertThat(m.created()).isEmpty();
            assertThat(m.deleted()).isEmpty();
            TenantData.EntitySetView after = data.view(branches);
            Row now = after.row(17);
            int nameIndex = branches.indexOf("name");
            int mdIndex = branches.indexOf("modificationDate");
            for (int i = 0; i < old.length; i++) {
                if (i != nameIndex && i != mdIndex) {
                    assertThat(now.get(i)).as(branches.property(i).name()).isEqualTo(old[i]);
                }
            }
            assertThat(now.get("name")).isEqualTo("New name").isNotEqualTo(old[nameIndex]);
            assertThat(date(now, "modificationDate")).isAtSameInstantAs(m.modificationDate())
                    .isAfter((OffsetDateTime) old[mdIndex]);
            // other rows and earlier views unchanged
            assertThat(before.row(17).values()).containsExactly(old);
            for (int i = 0; i < after.size(); i++) {
                if (i != 17) {
                    assertThat(after.row(i).values()).containsExactly(before.row(i).values());
                }
            }
            // the name survives a later batch on the same set
            data.mutate("Branches", 1, 0, 0);
            assertThat(data.view(branches).row(17).get("name")).isEqualTo("New name");
        }

        @Test
        void renameOfASetWithoutModificationDate() {
            UUID id = data.id("Categories", 3);
            data.rename("Categories", id, "Hard- & software");
            Row row = data.view(TenantSchema.get("Categories")).row(3);
            assertThat(row.values()).containsExactly(id, "Hard- & software");
        }

        @Test
        void renameIsRefusedWhereItCannotApply() {
            UUID incident = data.id("Incidents", 0);
            assertThatThrownBy(() -> data.rename("Incidents", incident, "x"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> data.rename("IncidentDetails", incident, "x"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> data.rename("Branches", UUID.randomUUID(), "x"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> data.rename("Branches", data.id("Branches", 50), "x"))
                    .isInstanceOf(IllegalArgumentException.class);
            TenantData.Mutation del = data.mutate("Departments", 0, 0, 1);
            assertThatThrownBy(() -> data.rename("Departments", del.deleted().get(0), "x"))
                    .isInstanceOf(IllegalArgumentException.class);
            // none of the refusals used a batch
            assertThat(del.batch()).isEqualTo(1);
        }
    }
}
