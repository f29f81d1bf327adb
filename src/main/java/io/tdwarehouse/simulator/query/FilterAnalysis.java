package io.tdwarehouse.simulator.query;

import io.tdwarehouse.simulator.model.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a {@code $filter} says about the rows it can match, as hints for narrowing the rows to test (indexes, in a
 * real database). A hint describes a <em>superset</em> of the matching rows: a row whose key is not in
 * {@link #ids()}, or whose DateTimeOffset property lies outside its {@link #dateRange}, cannot match the filter;
 * a row inside may or may not match, so the filter itself must still be applied to every candidate row.
 *
 * <p>Derived from the parsed expression, bottom-up: {@code id eq <guid>} gives a set of one id and a
 * comparison of a DateTimeOffset property with a literal (either side) gives a range; {@code and} intersects
 * what its operands say, {@code or} takes the union of the id sets (when both operands have one) and the hull
 * of the ranges of the properties that both constrain; {@code not} and everything else (other operators, other
 * properties, property-to-property comparisons, Boolean properties) say nothing. So an {@code or} of
 * {@code id eq} comparisons, in any parenthesization, yields exactly their ids, and top-level {@code and}
 * conjuncts {@code prop ge|gt|lt|le|eq literal} yield bounds; an {@code or} whose other side does not
 * constrain the same thing, or a {@code not} above a comparison, yields no bound.
 */
public final class FilterAnalysis {

    /** Says nothing: every row may match. */
    public static final FilterAnalysis UNCONSTRAINED = new FilterAnalysis(null, Map.of());
    /** No row can match (e.g. {@code false}, or {@code creationDate lt null}). */
    public static final FilterAnalysis NOTHING = new FilterAnalysis(Set.of(), Map.of());

    /** The keys a matching row can have, or null for any. */
    private final Set<UUID> ids;
    /** DateTimeOffset property name to the values a matching row can have there; absent: any. */
    private final Map<String, DateRange> dates;

    private FilterAnalysis(Set<UUID> ids, Map<String, DateRange> dates) {
        this.ids = ids;
        this.dates = dates;
    }

    /** The analysis a {@link FilterParser#parse parsed} filter carries; {@link #UNCONSTRAINED} for any other. */
    public static FilterAnalysis of(RowFilter filter) {
        return filter instanceof Analyzed a ? a.analysis() : UNCONSTRAINED;
    }

    /** Matching rows have this key. */
    static FilterAnalysis id(UUID id) {
        return new FilterAnalysis(Set.of(id), Map.of());
    }

    /** Matching rows have a value of {@code property} in {@code range}. */
    static FilterAnalysis date(String property, DateRange range) {
        if (range.isEmpty()) {
            return NOTHING;
        }
        if (range.equals(DateRange.ANY)) {
            return UNCONSTRAINED;
        }
        return new FilterAnalysis(null, Map.of(property, range));
    }

    /**
     * The keys ({@code id}) that a matching row can have, or null when the filter does not limit them. Never
     * null when {@link #matchesNothing()}: then it is empty.
     */
    public Set<UUID> ids() {
        return ids;
    }

    /** The values of DateTimeOffset property {@code property} that a matching row can have. */
    public DateRange dateRange(String property) {
        if (matchesNothing()) {
            return DateRange.NONE;
        }
        return dates.getOrDefault(property, DateRange.ANY);
    }

    /** The properties that {@link #dateRange} constrains. */
    public Set<String> constrainedDates() {
        return Collections.unmodifiableSet(dates.keySet());
    }

    /** True when no row can match whatever its values. */
    public boolean matchesNothing() {
        return ids != null && ids.isEmpty();
    }

    /** True when the analysis says nothing: every row is a candidate. */
    public boolean isUnconstrained() {
        return ids == null && dates.isEmpty();
    }

    /** What {@code this and other} says. */
    FilterAnalysis and(FilterAnalysis other) {
        if (matchesNothing() || other.isUnconstrained()) {
            return this;
        }
        if (other.matchesNothing() || isUnconstrained()) {
            return other;
        }
        Set<UUID> both;
        if (ids == null || other.ids == null) {
            both = ids == null ? other.ids : ids;
        } else {
            Set<UUID> common = new LinkedHashSet<>(ids);
            common.retainAll(other.ids);
            both = Set.copyOf(common);
        }
        if (both != null && both.isEmpty()) {
            return NOTHING;
        }
        Map<String, DateRange> ranges = new HashMap<>(dates);
        for (Map.Entry<String, DateRange> e : other.dates.entrySet()) {
            DateRange mine = ranges.get(e.getKey());
            DateRange r = mine == null ? e.getValue() : mine.intersect(e.getValue());
            if (r.isEmpty()) {
                return NOTHING;
            }
            ranges.put(e.getKey(), r);
        }
        return new FilterAnalysis(both, Map.copyOf(ranges));
    }

    /** What {@code this or other} says. */
    FilterAnalysis or(FilterAnalysis other) {
        if (matchesNothing() || other.isUnconstrained()) {
            return other;
        }
        if (other.matchesNothing() || isUnconstrained()) {
            return this;
        }
        Set<UUID> either = null;
        if (ids != null && other.ids != null) {
            Set<UUID> union = new LinkedHashSet<>(ids);
            union.addAll(other.ids);
            either = Set.copyOf(union);
        }
        Map<String, DateRange> ranges = new HashMap<>();
        for (Map.Entry<String, DateRange> e : dates.entrySet()) {
            DateRange theirs = other.dates.get(e.getKey());
            if (theirs != null) {
                DateRange hull = e.getValue().hull(theirs);
                if (!hull.equals(DateRange.ANY)) {
                    ranges.put(e.getKey(), hull);
                }
            }
        }
        if (either == null && ranges.isEmpty()) {
            return UNCONSTRAINED;
        }
        return new FilterAnalysis(either, Map.copyOf(ranges));
    }

    @Override
    public String toString() {
        if (matchesNothing()) {
            return "FilterAnalysis[nothing]";
        }
        return "FilterAnalysis[ids=" + (ids == null ? "any" : ids) + ", dates=" + dates + "]";
    }

    /**
     * A set of values of a nullable DateTimeOffset property: null when {@code nullAllowed}; an instant when
     * {@code valueAllowed} and it lies between the bounds (a null bound is no bound; each inclusive or not).
     * Instants compare with nanosecond precision whatever the offsets, like the filter does.
     */
    public record DateRange(Instant lower, boolean lowerInclusive, Instant upper, boolean upperInclusive,
                            boolean nullAllowed, boolean valueAllowed) {
        public static final DateRange ANY = new DateRange(null, false, null, false, true, true);
        public static final DateRange NONE = new DateRange(null, false, null, false, false, false);
        static final DateRange NULL_ONLY = new DateRange(null, false, null, false, true, false);
        static final DateRange NOT_NULL = new DateRange(null, false, null, false, false, true);

        public DateRange {
            if (!valueAllowed || lower == null) {
                lowerInclusive = false;
            }
            if (!valueAllowed || upper == null) {
                upperInclusive = false;
            }
            if (!valueAllowed) {
                lower = null;
                upper = null;
            } else if (lower != null && upper != null) {
                int c = lower.compareTo(upper);
                if (c > 0 || (c == 0 && !(lowerInclusive && upperInclusive))) {
                    lower = null;
                    upper = null;
                    lowerInclusive = false;
                    upperInclusive = false;
                    valueAllowed = false;
                }
            }
        }

        static DateRange atLeast(OffsetDateTime t, boolean inclusive) {
            return new DateRange(t.toInstant(), inclusive, null, false, false, true);
        }

        static DateRange atMost(OffsetDateTime t, boolean inclusive) {
            return new DateRange(null, false, t.toInstant(), inclusive, false, true);
        }

        static DateRange exactly(OffsetDateTime t) {
            return new DateRange(t.toInstant(), true, t.toInstant(), true, false, true);
        }

        /** Nothing is allowed. */
        public boolean isEmpty() {
            return !nullAllowed && !valueAllowed;
        }

        /** Whether {@code value} (an OffsetDateTime or null) is in the set. */
        public boolean admits(OffsetDateTime value) {
            if (value == null) {
                return nullAllowed;
            }
            if (!valueAllowed) {
                return false;
            }
            Instant v = value.toInstant();
            if (lower != null) {
                int c = v.compareTo(lower);
                if (c < 0 || (c == 0 && !lowerInclusive)) {
                    return false;
                }
            }
            if (upper != null) {
                int c = v.compareTo(upper);
                return c < 0 || (c == 0 && upperInclusive);
            }
            return true;
        }

        DateRange intersect(DateRange o) {
            boolean values = valueAllowed && o.valueAllowed;
            if (!values) {
                return new DateRange(null, false, null, false, nullAllowed && o.nullAllowed, false);
            }
            Instant lo = lower;
            boolean loIn = lowerInclusive;
            if (o.lower != null && (lo == null || o.lower.compareTo(lo) > 0)) {
                lo = o.lower;
                loIn = o.lowerInclusive;
            } else if (o.lower != null && o.lower.equals(lo)) {
                loIn = loIn && o.lowerInclusive;
            }
            Instant hi = upper;
            boolean hiIn = upperInclusive;
            if (o.upper != null && (hi == null || o.upper.compareTo(hi) < 0)) {
                hi = o.upper;
                hiIn = o.upperInclusive;
            } else if (o.upper != null && o.upper.equals(hi)) {
                hiIn = hiIn && o.upperInclusive;
            }
            return new DateRange(lo, loIn, hi, hiIn, nullAllowed && o.nullAllowed, true);
        }

        /** The smallest range holding both (the union when they overlap). */
        DateRange hull(DateRange o) {
            boolean nulls = nullAllowed || o.nullAllowed;
            if (!o.valueAllowed) {
                return new DateRange(lower, lowerInclusive, upper, upperInclusive, nulls, valueAllowed);
            }
            if (!valueAllowed) {
                return new DateRange(o.lower, o.lowerInclusive, o.upper, o.upperInclusive, nulls, true);
            }
            Instant lo = null;
            boolean loIn = false;
            if (lower != null && o.lower != null) {
                int c = lower.compareTo(o.lower);
                lo = c <= 0 ? lower : o.lower;
                loIn = c < 0 ? lowerInclusive : c > 0 ? o.lowerInclusive : lowerInclusive || o.lowerInclusive;
            }
            Instant hi = null;
            boolean hiIn = false;
            if (upper != null && o.upper != null) {
                int c = upper.compareTo(o.upper);
                hi = c >= 0 ? upper : o.upper;
                hiIn = c > 0 ? upperInclusive : c < 0 ? o.upperInclusive : upperInclusive || o.upperInclusive;
            }
            return new DateRange(lo, loIn, hi, hiIn, nulls, true);
        }
    }

    /** A compiled filter together with its analysis: what {@link FilterParser#parse} returns. */
    record Analyzed(RowFilter filter, FilterAnalysis analysis) implements RowFilter {
        @Override
        public boolean test(Row row) {
            return filter.test(row);
        }
    }
}
