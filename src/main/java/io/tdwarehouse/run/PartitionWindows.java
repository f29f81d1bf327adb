package io.tdwarehouse.run;

import java.time.Year;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a full read of a large entity set into independent {@code $filter} windows on a DateTimeOffset property
 * (creationDate): one per calendar year from {@link #FIRST_YEAR} to next year, one open window before (older
 * tenants' early years together) and one
 * after, and one for rows where the property is null. The windows are half-open ({@code ge} start {@code and lt}
 * end), so together they return every row exactly once. They use only what the feed is known to support
 * (comparisons, and, null); no $orderby, $top or $count. Empty windows cost one request each.
 */
final class PartitionWindows {
    static final int FIRST_YEAR = 2005;

    private PartitionWindows() {
    }

    static List<String> of(String property, int lastYear) {
        List<String> filters = new ArrayList<>();
        filters.add(property + " lt " + start(FIRST_YEAR));
        for (int year = FIRST_YEAR; year <= lastYear; year++) {
            filters.add(property + " ge " + start(year) + " and " + property + " lt " + start(year + 1));
        }
        filters.add(property + " ge " + start(lastYear + 1));
        filters.add(property + " eq null");
        return filters;
    }

    /** Windows up to next year (rows created "in the future" by a skewed clock still land in the open last one). */
    static List<String> of(String property) {
        return of(property, Year.now().getValue() + 1);
    }

    private static String start(int year) {
        return String.format("%04d-01-01T00:00:00Z", year);
    }
}
