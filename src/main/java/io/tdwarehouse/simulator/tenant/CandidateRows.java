package io.tdwarehouse.simulator.tenant;

import static io.tdwarehouse.simulator.tenant.SimulatedClock.BASE_END;
import static io.tdwarehouse.simulator.tenant.SimulatedClock.DAY;
import static io.tdwarehouse.simulator.tenant.SimulatedClock.SPAN;
import static io.tdwarehouse.simulator.tenant.SimulatedClock.WEEK;

import io.tdwarehouse.simulator.model.EdmType;
import io.tdwarehouse.simulator.model.EntitySetDef;
import io.tdwarehouse.simulator.query.FilterAnalysis;
import io.tdwarehouse.simulator.query.FilterAnalysis.DateRange;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The row indices of one {@link TenantData.EntitySetView} that may match a filter, in ascending order, from a
 * start index on: what an index would give a real database. Works from the {@link FilterAnalysis} of the filter
 * and what the generator guarantees ({@link RowFactory}), never by generating rows, so it costs little more than
 * the rows it yields; the caller still applies the filter to every candidate (and skips deleted rows).
 *
 * <p>The candidates are a superset of the matching rows, as the intersection of what each hint allows:
 * <ul>
 * <li>ids: the rows they {@link TenantData#locate locate} to;</li>
 * <li>creationDate: generated row i is created in [slot(i), slot(i) + width) (width = SPAN / count, at least one
 * second), slot non-decreasing in i, so a range of dates is a range of indices; created rows were created at
 * their batch's second;</li>
 * <li>modificationDate: a generated row that no mutation touched was modified at or after
 * min(its creation, BASE_END - 1 h) and before min(creation + 120 days + 1 s, BASE_END) (the 120 days
 * cover the weekly bulk job too), so a range of dates is again a range of indices; every other row (updated,
 * renamed or created) is in the overlay's versions and was modified at its batch's second.</li>
 * </ul>
 * Those date rules hold for the sets listed in {@link #DATED}; any other set is scanned whole (ids apart). The
 * index ranges are widened by one row on each side, so an off-by-one in a bound costs a row, not an answer.
 *
 * <p>Memory: a few ints, plus one int per located id, created row or mutated row in range; nothing per
 * generated row.
 */
public final class CandidateRows {

    /** The sets whose creationDate and modificationDate are made by RowFactory.Times as described above. */
    static final Set<String> DATED = Set.of("Branches", "Persons", "Operators", "OperatorGroups", "Incidents",
            "Changes", "ChangeActivities");
    /** A generated, untouched row's modificationDate is before its creation date plus this (seconds). */
    static final long MAX_MODIFICATION_LAG = 120 * DAY + 1;
    /** A generated, untouched row's modificationDate is at or after min(its creation, this) (seconds). */
    static final long EARLIEST_CAPPED_MODIFICATION = BASE_END - 3600;

    static {
        // the bulk job's date lies at most a week and two hours after the creation: within the lag
        if (WEEK + 2 * 3600 >= MAX_MODIFICATION_LAG) {
            throw new AssertionError("MAX_MODIFICATION_LAG does not cover the bulk updates");
        }
    }

    private int rangeNext;
    private final int rangeEnd;
    private final int[] extra;
    private int extraNext;

    private CandidateRows(int rangeStart, int rangeEnd, int[] extra, int from) {
        this.rangeNext = Math.max(rangeStart, from);
        this.rangeEnd = rangeEnd;
        this.extra = extra;
        int at = Arrays.binarySearch(extra, from);
        this.extraNext = at >= 0 ? at : -at - 1;
    }

    /** The candidates of {@code view} for a filter with {@code analysis}, from row index {@code from} on. */
    public static CandidateRows of(TenantData.EntitySetView view, FilterAnalysis analysis, int from) {
        Plan plan = plan(view, analysis);
        return new CandidateRows(plan.start, plan.end, plan.extra, Math.max(0, from));
    }

    /** Every index of the view from {@code from} on: a scan. */
    public static CandidateRows all(TenantData.EntitySetView view, int from) {
        return new CandidateRows(0, view.size(), new int[0], Math.max(0, from));
    }

    /** The next candidate index (greater than the previous one), or -1 when there are no more. */
    public int nextIndex() {
        int r = rangeNext < rangeEnd ? rangeNext : Integer.MAX_VALUE;
        int e = extraNext < extra.length ? extra[extraNext] : Integer.MAX_VALUE;
        if (r == Integer.MAX_VALUE && e == Integer.MAX_VALUE) {
            return -1;
        }
        if (r <= e) {
            rangeNext++;
            if (r == e) {
                extraNext++;
            }
            return r;
        }
        extraNext++;
        return e;
    }

    // ------------------------------------------------------------------------------------------------ planning

    /** Indices in [start, end) or in {@code extra} (sorted, distinct, all outside [start, end)). */
    private record Plan(int start, int end, int[] extra) {
        static final Plan NONE = new Plan(0, 0, new int[0]);

        boolean contains(int i) {
            return (i >= start && i < end) || Arrays.binarySearch(extra, i) >= 0;
        }

        Plan intersect(Plan o) {
            int s = Math.max(start, o.start);
            int e = Math.min(end, o.end);
            if (e < s) {
                e = s;
            }
            int[] both = new int[extra.length + o.extra.length];
            int n = 0;
            for (int i : extra) {
                if (o.contains(i)) {
                    both[n++] = i;
                }
            }
            for (int i : o.extra) {
                if (contains(i)) {
                    both[n++] = i;
                }
            }
            return of(s, e, Arrays.copyOf(both, n));
        }

        /** Normalises: sorts and deduplicates {@code extra}, dropping what the range already holds. */
        static Plan of(int start, int end, int[] extra) {
            if (end <= start) {
                start = 0;
                end = 0;
            }
            int[] sorted = extra.clone();
            Arrays.sort(sorted);
            int n = 0;
            for (int i = 0; i < sorted.length; i++) {
                int v = sorted[i];
                if ((n > 0 && sorted[n - 1] == v) || (v >= start && v < end)) {
                    continue;
                }
                sorted[n++] = v;
            }
            return new Plan(start, end, Arrays.copyOf(sorted, n));
        }
    }

    private static Plan plan(TenantData.EntitySetView view, FilterAnalysis analysis) {
        int size = view.size();
        Plan plan = new Plan(0, size, new int[0]);
        if (analysis.isUnconstrained()) {
            return plan;
        }
        if (analysis.matchesNothing()) {
            return Plan.NONE;
        }
        if (analysis.ids() != null) {
            plan = plan.intersect(ids(view, analysis.ids()));
        }
        EntitySetDef set = view.set();
        if (DATED.contains(set.name()) && isDate(set, "creationDate") && isDate(set, "modificationDate")) {
            DateRange created = analysis.dateRange("creationDate");
            if (!created.equals(DateRange.ANY)) {
                plan = plan.intersect(creation(view, created));
            }
            DateRange modified = analysis.dateRange("modificationDate");
            if (!modified.equals(DateRange.ANY)) {
                plan = plan.intersect(modification(view, modified));
            }
        }
        return plan;
    }

    private static boolean isDate(EntitySetDef set, String property) {
        int i = set.indexOf(property);
        return i >= 0 && set.property(i).type() == EdmType.DATE_TIME_OFFSET;
    }

    private static Plan ids(TenantData.EntitySetView view, Set<UUID> ids) {
        int[] found = new int[ids.size()];
        int n = 0;
        for (UUID id : ids) {
            int i = view.locate(id);
            if (i >= 0 && i < view.size()) {
                found[n++] = i;
            }
        }
        return Plan.of(0, 0, Arrays.copyOf(found, n));
    }

    /** Rows whose creationDate may lie in {@code range}: never null, so only the values count. */
    private static Plan creation(TenantData.EntitySetView view, DateRange range) {
        if (!range.valueAllowed()) {
            return Plan.NONE;
        }
        long lo = floorSecond(range.lower(), Long.MIN_VALUE);
        long hi = floorSecond(range.upper(), Long.MAX_VALUE);
        int base = view.baseCount();
        long count = Math.max(1, base);
        long width = Math.max(1, SPAN / count);
        // creation in [slot, slot + width): creation >= lower needs slot + width > lo, i.e. slot >= lo - width + 1;
        // creation <= upper needs slot <= hi
        int first = firstSlotAtLeast(saturatingSub(lo, width - 1), count, base) - 1;
        int last = firstSlotAtLeast(saturatingAdd(hi, 1), count, base) - 1 + 1;
        int start = Math.max(0, first);
        int end = Math.min(base, last + 1);
        return Plan.of(start, end, createdRowsAt(view, lo, hi));
    }

    /** Created rows whose batch second lies in [lo - 1, hi + 1]: their creationDate is that second. */
    private static int[] createdRowsAt(TenantData.EntitySetView view, long lo, long hi) {
        int base = view.baseCount();
        int[] createdIn = view.overlay().createdIn();
        int[] rows = new int[createdIn.length];
        int n = 0;
        for (int k = 0; k < createdIn.length; k++) {
            long t = SimulatedClock.batchTime(createdIn[k]);
            if (t >= saturatingSub(lo, 1) && t <= saturatingAdd(hi, 1)) {
                rows[n++] = base + k;
            }
        }
        return Arrays.copyOf(rows, n);
    }

    /** Rows whose modificationDate may lie in {@code range}: never null, so only the values count. */
    private static Plan modification(TenantData.EntitySetView view, DateRange range) {
        if (!range.valueAllowed()) {
            return Plan.NONE;
        }
        long lo = floorSecond(range.lower(), Long.MIN_VALUE);
        long hi = floorSecond(range.upper(), Long.MAX_VALUE);
        int base = view.baseCount();
        long count = Math.max(1, base);
        long width = Math.max(1, SPAN / count);
        int start;
        int end;
        if (lo >= BASE_END) {
            // untouched generated rows were all modified before BASE_END
            start = 0;
            end = 0;
        } else {
            // modification < creation + LAG < slot + width + LAG: modification >= lower needs slot >= lo - width - LAG
            start = Math.max(0, firstSlotAtLeast(saturatingSub(lo, width + MAX_MODIFICATION_LAG), count, base) - 1);
            if (hi < EARLIEST_CAPPED_MODIFICATION) {
                // modification >= min(creation, EARLIEST_CAPPED) = creation >= slot when modification <= hi
                end = Math.min(base, firstSlotAtLeast(saturatingAdd(hi, 1), count, base) + 1);
            } else {
                end = base;
            }
        }
        // every other row (updated, renamed, created) carries its batch's second; created rows are all among the
        // versions, but are taken whatever their version to depend on nothing more
        Overlay overlay = view.overlay();
        int[] rows = new int[overlay.versions().size() + overlay.created()];
        int n = 0;
        for (Map.Entry<Integer, Integer> e : overlay.versions().entrySet()) {
            int i = e.getKey();
            long t = SimulatedClock.batchTime(e.getValue());
            if (i < base && e.getValue() > 0 && t >= saturatingSub(lo, 1) && t <= saturatingAdd(hi, 1)) {
                rows[n++] = i;
            }
        }
        for (int k = 0; k < overlay.created(); k++) {
            rows[n++] = base + k;
        }
        return Plan.of(start, end, Arrays.copyOf(rows, n));
    }

    /** The least i in [0, base] with slot(i) >= t (base when there is none). slot is non-decreasing in i. */
    private static int firstSlotAtLeast(long t, long count, int base) {
        int lo = 0;
        int hi = base;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (SimulatedClock.slot(mid, count) >= t) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static long floorSecond(Instant t, long none) {
        return t == null ? none : t.getEpochSecond();
    }

    private static long saturatingSub(long a, long b) {
        long r = a - b;
        return ((a ^ b) & (a ^ r)) < 0 ? Long.MIN_VALUE : r;
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
