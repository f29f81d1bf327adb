package io.tdwarehouse.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.tdwarehouse.simulator.model.EntitySetDef;
import io.tdwarehouse.simulator.model.PropertyDef;
import io.tdwarehouse.simulator.model.Row;
import io.tdwarehouse.simulator.query.FilterParser;
import io.tdwarehouse.simulator.query.RowFilter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The windows of a partitioned full read return every row exactly once, null included. */
class PartitionWindowsTest {
    private static final EntitySetDef SET = new EntitySetDef("Things", "Thing", List.of(PropertyDef.key("id"),
            PropertyDef.of("creationDate", io.tdwarehouse.simulator.model.EdmType.DATE_TIME_OFFSET)));

    @Test
    void everyInstantAndNullFallsInExactlyOneWindow() {
        List<RowFilter> windows = new ArrayList<>();
        for (String w : PartitionWindows.of("creationDate", 2027)) {
            windows.add(FilterParser.parse(w, SET)); // the filters are valid OData, as a strict parser reads them
        }
        List<OffsetDateTime> probes = new ArrayList<>();
        probes.add(null);
        for (int year = 1990; year <= 2030; year++) {
            Instant boundary = OffsetDateTime.of(year, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();
            for (long delta : new long[] {-1, 0, 1}) {
                probes.add(OffsetDateTime.ofInstant(boundary.plusNanos(delta * 100), ZoneOffset.UTC));
            }
            probes.add(OffsetDateTime.of(year, 1, 1, 0, 30, 0, 0, ZoneOffset.ofHours(1))); // 23:30 UTC the day before
        }
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            probes.add(OffsetDateTime.ofInstant(Instant.ofEpochSecond(random.nextLong(0, 2_000_000_000L), random.nextInt(10_000_000) * 100),
                    ZoneOffset.ofHours(random.nextInt(-12, 14))));
        }
        for (OffsetDateTime t : probes) {
            Row row = new Row(SET, new Object[] {java.util.UUID.randomUUID(), t});
            assertThat(windows.stream().filter(w -> w.test(row)).count()).as(String.valueOf(t)).isEqualTo(1);
        }
    }

    @Test
    void windowsRunFromBeforeTheFirstYearToAnOpenEndAndNull() {
        List<String> w = PartitionWindows.of("creationDate", 2026);
        assertThat(w.get(0)).isEqualTo("creationDate lt 2005-01-01T00:00:00Z");
        assertThat(w.get(1)).isEqualTo("creationDate ge 2005-01-01T00:00:00Z and creationDate lt 2006-01-01T00:00:00Z");
        assertThat(w.get(w.size() - 2)).isEqualTo("creationDate ge 2027-01-01T00:00:00Z");
        assertThat(w.get(w.size() - 1)).isEqualTo("creationDate eq null");
    }
}
