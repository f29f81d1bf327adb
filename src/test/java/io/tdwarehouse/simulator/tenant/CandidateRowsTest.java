package io.tdwarehouse.simulator.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import io.tdwarehouse.simulator.model.EntitySetDef;
import io.tdwarehouse.simulator.model.Row;
import io.tdwarehouse.simulator.query.FilterAnalysis;
import io.tdwarehouse.simulator.query.FilterParser;
import io.tdwarehouse.simulator.query.RowFilter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Serving a filter from its candidate rows gives exactly what a scan of every row gives: the same rows, in the
 * same order, on the same pages with the same skiptokens. The page loop here is that of ODataHandler.page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CandidateRowsTest {
    private static final int N = 20_000;
    private static final ZoneOffset CET = ZoneOffset.ofHours(1);

    private final TenantData data = new TenantData(7, N);
    private final Map<String, Row[]> cache = new HashMap<>();
    private final List<TenantData.Mutation> incidentMutations = new ArrayList<>();
    private final List<TenantData.Mutation> branchMutations = new ArrayList<>();

    @BeforeAll
    void mutate() {
        incidentMutations.add(data.mutate("Incidents", 300, 500, 200));
        branchMutations.add(data.mutate("Branches", 4, 0, 0));
        incidentMutations.add(data.mutate("Incidents", 50, 100, 60));
        branchMutations.add(data.rename("Branches", data.id("Branches", 7), "Renamed"));
        branchMutations.add(data.mutate("Branches", 2, 3, 1));
        data.mutate("Persons", 10, 20, 5);
        data.mutate("Changes", 5, 10, 3);
        data.mutate("ChangeActivities", 7, 30, 4);
        data.mutate("OperatorGroups", 1, 2, 1);
        data.mutate("Departments", 2, 1, 1);
        incidentMutations.add(data.mutate("Incidents", 0, 40, 0));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Row[] rows(String set) {
        return cache.computeIfAbsent(set, s -> {
            TenantData.EntitySetView view = data.view(TenantSchema.get(s));
            Row[] rows = new Row[view.size()];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = view.row(i);
            }
            return rows;
        });
    }

    private record Page(List<Integer> indices, Integer next) {
    }

    /** ODataHandler.page's loop over the candidates (rows from the cache, to keep the test fast). */
    private static Page candidatePage(TenantData.EntitySetView view, Row[] rows, RowFilter filter, int from,
                                      int pageSize) {
        CandidateRows candidates = CandidateRows.of(view, FilterAnalysis.of(filter), from);
        int next = from;
        int size = view.size();
        List<Integer> served = new ArrayList<>();
        while (served.size() < pageSize) {
            int index = candidates.nextIndex();
            if (index < 0) {
                next = Math.max(next, size);
                break;
            }
            next = index + 1;
            Row row = rows[index];
            if (row == null || !filter.test(row)) {
                continue;
            }
            served.add(index);
        }
        return new Page(served, served.size() == pageSize && next < size ? next : null);
    }

    /** The page of the scan that the handler did before: every row from {@code from} on, tested. */
    private static Page scanPage(List<Integer> matches, int size, int from, int pageSize) {
        List<Integer> served = new ArrayList<>();
        int at = Collections.binarySearch(matches, from);
        for (int k = at >= 0 ? at : -at - 1; k < matches.size() && served.size() < pageSize; k++) {
            served.add(matches.get(k));
        }
        int next = served.isEmpty() ? size : served.get(served.size() - 1) + 1;
        return new Page(served, served.size() == pageSize && next < size ? next : null);
    }

    /**
     * Checks one filter on one set and returns how many candidates it has from index 0 (its cost).
     */
    private int check(String set, String filterText) {
        EntitySetDef def = TenantSchema.get(set);
        TenantData.EntitySetView view = data.view(def);
        Row[] rows = rows(set);
        assertThat(rows).hasSize(view.size());
        RowFilter filter = FilterParser.parse(filterText, def);
        List<Integer> matches = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] != null && filter.test(rows[i])) {
                matches.add(i);
            }
        }
        String what = set + " $filter=" + filterText;

        // every match is a candidate; candidates ascend
        Set<Integer> candidates = new HashSet<>();
        CandidateRows all = CandidateRows.of(view, FilterAnalysis.of(filter), 0);
        int previous = -1;
        for (int i = all.nextIndex(); i >= 0; i = all.nextIndex()) {
            if (i <= previous || i >= view.size()) {
                throw new AssertionError(what + ": candidate " + i + " after " + previous + " of " + view.size());
            }
            candidates.add(i);
            previous = i;
        }
        List<Integer> missed = matches.stream().filter(m -> !candidates.contains(m)).toList();
        assertThat(missed).as(what + ": matches that are not candidates").isEmpty();

        // the pages, following the nextLinks, for several page sizes
        for (int pageSize : new int[] {1, 7, 1000}) {
            int from = 0;
            int pages = 0;
            while (pages++ < 60) {
                Page expected = scanPage(matches, view.size(), from, pageSize);
                Page actual = candidatePage(view, rows, filter, from, pageSize);
                assertThat(actual).as("%s, page size %d, from %d", what, pageSize, from).isEqualTo(expected);
                if (actual.next() == null) {
                    break;
                }
                from = actual.next();
            }
        }
        // and from arbitrary skiptokens
        Set<Integer> tokens = new TreeSet<>(List.of(0, 1, view.size() / 3, view.size() - 1, view.size(),
                view.size() + 5, N - 1, N, N + 1));
        for (int k : new int[] {0, matches.size() / 2, matches.size() - 1}) {
            if (k >= 0 && k < matches.size()) {
                tokens.add(matches.get(k));
                tokens.add(matches.get(k) + 1);
                tokens.add(Math.max(0, matches.get(k) - 1));
            }
        }
        for (int from : tokens) {
            for (int pageSize : new int[] {1, 5, 1000}) {
                assertThat(candidatePage(view, rows, filter, from, pageSize))
                        .as("%s, page size %d, from %d", what, pageSize, from)
                        .isEqualTo(scanPage(matches, view.size(), from, pageSize));
            }
        }
        return candidates.size();
    }

    private static String lit(OffsetDateTime t) {
        return t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static String lit(Instant t) {
        return lit(t.atOffset(ZoneOffset.UTC));
    }

    private OffsetDateTime date(String set, int index, String property) {
        return (OffsetDateTime) rows(set)[index].get(property);
    }

    /** Instants around which the boundaries are tested: rows' own dates, the clock's edges, before and after all. */
    private List<OffsetDateTime> boundaries(String set, String property) {
        Row[] rows = rows(set);
        int base = data.baseCount(set);
        List<OffsetDateTime> ts = new ArrayList<>();
        for (int i : new int[] {0, 1, base / 3, base / 2 + 1, base - 2, base - 1, base, rows.length - 1}) {
            if (i >= 0 && i < rows.length && rows[i] != null) {
                ts.add((OffsetDateTime) rows[i].get(property));
            }
        }
        for (String s : List.of("2000-01-01T00:00:00Z", "2019-01-01T00:00:00Z", "2022-07-15T12:34:56.789+01:00",
                "2025-12-31T23:00:00Z", "2025-12-31T23:59:59Z", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z",
                "2099-01-01T00:00:00Z")) {
            ts.add(OffsetDateTime.parse(s));
        }
        for (TenantData.Mutation m : set.equals("Branches") ? branchMutations : incidentMutations) {
            ts.add(m.modificationDate());
        }
        return ts;
    }

    private void checkEveryBoundaryForm(String set, String property) {
        for (OffsetDateTime t : boundaries(set, property)) {
            for (String op : List.of("ge", "gt", "lt", "le", "eq")) {
                check(set, property + " " + op + " " + lit(t));
                check(set, lit(t) + " " + op + " " + property);
            }
            OffsetDateTime cet = t.withOffsetSameInstant(CET);
            check(set, property + " ge " + lit(cet));
            check(set, property + " lt " + lit(cet));
            OffsetDateTime second = t.truncatedTo(ChronoUnit.SECONDS);
            check(set, property + " gt " + lit(second));
            check(set, property + " le " + lit(second));
        }
    }

    // ------------------------------------------------------------------------------------------------ ids

    @Test
    void idDisjunctions() {
        Row[] rows = rows("Incidents");
        TenantData.Mutation first = incidentMutations.get(0);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(data.id("Incidents", (i * 7919) % N));
        }
        ids.add(first.deleted().get(0));
        ids.add(first.deleted().get(1));
        ids.add(first.created().get(3));
        ids.add(first.updated().get(5));
        ids.add(data.id("Incidents", rows.length));       // dangling: the next row to be created
        ids.add(data.id("Incidents", rows.length + 4));
        ids.add(data.id("Branches", 3));                  // another set's
        ids.add(data.id("Changes", 3));
        ids.add(UUID.fromString("8f0e6b1a-1c2d-4e5f-9a0b-1c2d3e4f5a6b"));
        ids.add(data.id("Incidents", 17));                // twice
        String disjunction = ids.stream().map(u -> "id eq " + u).collect(Collectors.joining(" or "));
        int cost = check("Incidents", disjunction);
        assertThat(cost).isLessThanOrEqualTo(ids.size());
        check("IncidentDetails", disjunction);
        check("Incidents", "(" + disjunction + ") and closed eq true");
        check("Incidents", "closed eq false and (" + disjunction + ")");
        check("Incidents", "(" + disjunction + ") or closed eq true");
        check("Incidents", "not (" + disjunction + ")");
        check("Incidents", "(" + disjunction + ") and creationDate ge 2022-01-01T00:00:00Z");
        check("Incidents", "(" + disjunction + ") and modificationDate ge 2026-01-01T00:00:00Z");
        check("Incidents", "id eq " + ids.get(0) + " or (" + ids.get(1).toString().toUpperCase() + " eq id or (id eq "
                + ids.get(2) + "))");
        check("Incidents", "id eq " + ids.get(0) + " and id eq " + ids.get(1));
        check("Incidents", "id eq " + ids.get(0) + " and id eq " + ids.get(0));
        check("Incidents", "id ne " + ids.get(0));
        check("Incidents", "id eq " + first.deleted().get(0));
        assertThat(check("Incidents", "id eq " + data.id("Branches", 3))).isZero();
        check("Incidents", "id eq " + ids.get(0) + " or id eq null");
        check("Branches", "id eq " + data.id("Branches", 7) + " or id eq " + branchMutations.get(0).created().get(1)
                + " or id eq " + data.id("Branches", 60) + " or id eq " + data.id("Incidents", 7));
        check("Departments", "id eq " + data.id("Departments", 1) + " or id eq " + data.id("Departments", 31));
        check("ChangeDetails", "id eq " + data.id("Changes", 1) + " or id eq " + data.id("Changes", 2_000));
    }

    // ------------------------------------------------------------------------------------------------ creationDate

    @Test
    void creationDateBoundsOfEveryForm() {
        checkEveryBoundaryForm("Incidents", "creationDate");
    }

    @Test
    void creationDateWindowsAsTheEtlReadsThem() {
        OffsetDateTime from = OffsetDateTime.parse("2018-10-01T00:00:00Z");
        while (from.getYear() < 2027) {
            OffsetDateTime to = from.plusMonths(3);
            String window = "creationDate ge " + lit(from) + " and creationDate lt " + lit(to);
            int cost = check("Incidents", window);
            // a window costs its own rows, two widened slots and the created rows: never a scan
            assertThat(cost).as(window).isLessThan(N / 20);
            from = to;
        }
        int nulls = check("Incidents", "creationDate eq null");
        assertThat(nulls).isZero();
        check("Incidents", "creationDate ge 2024-03-01T10:00:00+01:00 and 2024-03-01T11:00:00+01:00 gt creationDate");
        check("Incidents", "creationDate ge 2024-03-01T10:00:00Z and creationDate lt 2024-03-01T10:00:00Z");
        check("Incidents", "creationDate gt 2030-01-01T00:00:00Z and creationDate lt 2031-01-01T00:00:00Z");
        check("Incidents", "creationDate ge 2010-01-01T00:00:00Z and creationDate lt 2011-01-01T00:00:00Z");
        check("Incidents", "creationDate ge 2026-03-02T00:00:00Z");
        check("Incidents", "creationDate ne null");
        check("Incidents", "creationDate eq null or creationDate ge 2025-06-01T00:00:00Z");
    }

    @Test
    void creationDateWindowsOnEverySetWithDates() {
        for (String set : List.of("Branches", "Persons", "Operators", "OperatorGroups", "Changes",
                "ChangeActivities")) {
            check(set, "creationDate eq null");
            check(set, "creationDate ge 2021-01-01T00:00:00Z and creationDate lt 2021-07-01T00:00:00Z");
            check(set, "creationDate lt 2019-06-01T00:00:00Z");
            check(set, "creationDate gt 2025-12-01T00:00:00Z");
            check(set, "creationDate ge " + lit(date(set, 3, "creationDate")));
            check(set, "creationDate gt " + lit(date(set, 3, "creationDate")));
            check(set, "creationDate le " + lit(date(set, 3, "creationDate")));
            check(set, "creationDate lt " + lit(date(set, data.baseCount(set) - 1, "creationDate")));
            check(set, "modificationDate ge 2026-01-01T00:00:00Z");
            check(set, "modificationDate ge 2023-01-01T00:00:00Z");
            check(set, "modificationDate lt 2020-01-01T00:00:00Z");
            check(set, "modificationDate ge " + lit(date(set, 2, "modificationDate")));
        }
        checkEveryBoundaryForm("Branches", "creationDate");
        checkEveryBoundaryForm("Branches", "modificationDate");
    }

    // ------------------------------------------------------------------------------------------------ modificationDate

    @Test
    void modificationDateBoundsOfEveryForm() {
        checkEveryBoundaryForm("Incidents", "modificationDate");
    }

    @Test
    void incrementalWindows() {
        int updatedOrCreated = 0;
        for (TenantData.Mutation m : incidentMutations) {
            updatedOrCreated += m.created().size() + m.updated().size();
        }
        int cost = check("Incidents", "modificationDate ge 2026-01-01T00:00:00Z");
        assertThat(cost).isLessThanOrEqualTo(updatedOrCreated + 2);
        cost = check("Incidents", "modificationDate gt " + lit(incidentMutations.get(1).modificationDate()));
        assertThat(cost).isLessThanOrEqualTo(updatedOrCreated + 2);
        check("Incidents", "modificationDate ge " + lit(incidentMutations.get(1).modificationDate()));
        check("Incidents", "modificationDate ge " + lit(incidentMutations.get(2).modificationDate())
                + " and modificationDate lt 2027-01-01T00:00:00Z");
        check("Incidents", "modificationDate ge 2018-01-01T00:00:00Z");
        cost = check("Incidents", "modificationDate ge 2025-09-01T00:00:00Z");
        assertThat(cost).as("the last months and the mutated rows").isLessThan(N / 5);
        check("Incidents", "modificationDate ge 2021-03-04T05:06:07Z and modificationDate lt 2021-04-04T05:06:07Z");
        check("Incidents", "modificationDate le 2019-03-01T00:00:00Z");
        check("Incidents", "modificationDate eq null");
        check("Incidents", "modificationDate ge 2025-12-31T23:00:00Z");
        check("Incidents", "modificationDate eq 2025-12-31T23:00:00Z");
        check("Incidents", "modificationDate gt 2025-12-31T22:59:59.9999999Z and modificationDate lt 2026-01-01T00:00:00Z");
    }

    // ------------------------------------------------------------------------------------------------ combinations

    @Test
    void combinationsWithOtherConditions() {
        String a = "2023-04-05T06:07:08Z";
        String b = "2023-10-05T06:07:08+01:00";
        for (String f : List.of(
                "creationDate ge " + a + " and creationDate lt " + b + " and closed eq true",
                "closed eq true and (creationDate ge " + a + " and (creationDate lt " + b + "))",
                "creationDate ge " + a + " or creationDate lt " + b,
                "creationDate ge " + a + " or closed eq true",
                "not (creationDate lt " + a + ")",
                "not (creationDate lt " + a + ") and creationDate lt " + b,
                "not (modificationDate lt 2026-01-01T00:00:00Z)",
                "(creationDate ge " + a + " and creationDate lt " + b + ") or (creationDate ge 2025-01-01T00:00:00Z"
                        + " and creationDate lt 2025-02-01T00:00:00Z)",
                "modificationDate ge 2026-01-01T00:00:00Z and creationDate lt " + b,
                "modificationDate ge 2026-01-01T00:00:00Z or creationDate lt 2019-02-01T00:00:00Z",
                "modificationDate ge 2026-01-01T00:00:00Z and not completed",
                "modificationDate ge 2024-01-01T00:00:00Z and creationDate ge 2024-01-01T00:00:00Z",
                "creationDate lt modificationDate and creationDate ge " + a,
                "creationDate eq modificationDate",
                "closedDate ge 2024-01-01T00:00:00Z and creationDate ge 2023-06-01T00:00:00Z",
                "callDate ge 2024-01-01T00:00:00Z",
                "creationDate ge " + a + " and false",
                "creationDate ge " + a + " and true",
                "creationDate gt null",
                "creationDate ne " + lit(date("Incidents", 5, "creationDate")),
                "creationDate eq " + lit(date("Incidents", 5, "creationDate")),
                "creationDate eq " + lit(date("Incidents", 5, "creationDate").withOffsetSameInstant(CET)),
                "modificationDate eq " + lit(date("Incidents", 5, "modificationDate")),
                "modificationDate eq " + lit(incidentMutations.get(2).modificationDate()))) {
            check("Incidents", f);
        }
    }

    @Test
    void theRowsOfAllWindowsAreAllTheRows() {
        Row[] rows = rows("Incidents");
        Set<Integer> seen = new LinkedHashSet<>();
        TenantData.EntitySetView view = data.view(TenantSchema.get("Incidents"));
        List<String> windows = new ArrayList<>();
        windows.add("creationDate lt 2019-01-01T00:00:00Z");
        for (int year = 2019; year <= 2026; year++) {
            windows.add("creationDate ge " + year + "-01-01T00:00:00Z and creationDate lt " + (year + 1)
                    + "-01-01T00:00:00Z");
        }
        windows.add("creationDate ge 2027-01-01T00:00:00Z");
        windows.add("creationDate eq null");
        for (String w : windows) {
            RowFilter filter = FilterParser.parse(w, TenantSchema.get("Incidents"));
            int from = 0;
            while (true) {
                Page page = candidatePage(view, rows, filter, from, 1000);
                for (int i : page.indices()) {
                    assertThat(seen.add(i)).as("row %d in one window only", i).isTrue();
                }
                if (page.next() == null) {
                    break;
                }
                from = page.next();
            }
        }
        long live = java.util.Arrays.stream(rows).filter(r -> r != null).count();
        assertThat(seen).hasSize((int) live);
    }

    // ------------------------------------------------------------------------------------------------ speed

    @Test
    void aMillionIncidentsAnswerIdsAndIncrementsWithoutAScan() {
        TenantData big = new TenantData(3, 1_000_000);
        big.mutate("Incidents", 0, 1_000, 0);
        EntitySetDef incidents = TenantSchema.get("Incidents");
        EntitySetDef details = TenantSchema.get("IncidentDetails");
        StringBuilder ids = new StringBuilder();
        for (int k = 0; k < 40; k++) {
            ids.append(k == 0 ? "" : " or ").append("id eq ").append(big.id("Incidents", k * 24_989 + 11));
        }
        long idNanos = bestOf(5, () -> assertThat(serve(big, details, ids.toString())).isEqualTo(40));
        long incNanos = bestOf(5, () -> assertThat(serve(big, incidents, "modificationDate ge 2026-01-01T00:00:00Z"))
                .isEqualTo(1_000));
        long windowNanos = bestOf(5, () -> assertThat(serve(big, incidents,
                "creationDate ge 2024-01-01T00:00:00Z and creationDate lt 2024-01-02T00:00:00Z")).isPositive());
        System.out.printf("1,000,000 incidents: 40 ids %.2f ms, 1,000 updated rows %.2f ms, one day %.2f ms%n",
                idNanos / 1e6, incNanos / 1e6, windowNanos / 1e6);
        assertThat(idNanos).isLessThan(100_000_000L);
        assertThat(incNanos).isLessThan(100_000_000L);
        assertThat(windowNanos).isLessThan(100_000_000L);
    }

    /** Every matching row of the set, page by page (page size 1,000), generated as the handler does. */
    private static int serve(TenantData data, EntitySetDef set, String filterText) {
        RowFilter filter = FilterParser.parse(filterText, set);
        TenantData.EntitySetView view = data.view(set);
        int served = 0;
        int from = 0;
        while (true) {
            CandidateRows candidates = CandidateRows.of(view, FilterAnalysis.of(filter), from);
            int onPage = 0;
            int next = from;
            while (onPage < 1000) {
                int i = candidates.nextIndex();
                if (i < 0) {
                    break;
                }
                next = i + 1;
                Row row = view.row(i);
                if (row != null && filter.test(row)) {
                    onPage++;
                }
            }
            served += onPage;
            if (onPage < 1000 || next >= view.size()) {
                return served;
            }
            from = next;
        }
    }

    /** The fastest of {@code runs} runs (the first one, JIT compilation included, is printed). */
    private static long bestOf(int runs, Runnable r) {
        long best = Long.MAX_VALUE;
        for (int k = 0; k < runs; k++) {
            long t0 = System.nanoTime();
            r.run();
            long t = System.nanoTime() - t0;
            if (k == 0) {
                System.out.printf("  first run %.2f ms%n", t / 1e6);
            }
            best = Math.min(best, t);
        }
        return best;
    }
}
