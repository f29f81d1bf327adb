package io.tdwarehouse.simulator.tenant;

import java.time.Instant;

/**
 * The tenant's time line. Generated rows were created between {@link #BASE_START} and {@link #BASE_END};
 * each admin mutation is a batch that happens one hour after the previous one, starting at
 * {@link #MUTATIONS_START}, so runs are repeatable whatever the wall clock says.
 */
final class SimulatedClock {
    static final long BASE_START = Instant.parse("2019-01-01T00:00:00Z").getEpochSecond();
    static final long BASE_END = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
    static final long SPAN = BASE_END - BASE_START;
    static final long MUTATIONS_START = Instant.parse("2026-03-02T09:00:00Z").getEpochSecond();
    static final long WEEK = 7 * 24 * 3600L;
    static final long DAY = 24 * 3600L;

    private SimulatedClock() {
    }

    /** The exact second at which batch {@code k} (k ≥ 1) happens: every row it touches shares it. */
    static long batchTime(int k) {
        return MUTATIONS_START + k * 3600L;
    }

    /** Second at which row {@code index} of {@code count} was created, before its jitter. */
    static long slot(long index, long count) {
        return BASE_START + index * SPAN / count;
    }

    /** The nightly bulk job after {@code epochSecond}: many rows share this modificationDate to the second. */
    static long nextBulkUpdate(long epochSecond) {
        long weeks = (epochSecond - BASE_START) / WEEK + 1;
        return Math.min(BASE_START + weeks * WEEK + 2 * 3600, BASE_END - 3600);
    }
}
