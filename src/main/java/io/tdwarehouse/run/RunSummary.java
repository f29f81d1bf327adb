package io.tdwarehouse.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What a run did, per entity set; printed as the closing table and kept in etl.run_entity_sets. */
public record RunSummary(long runId, String outcome, Duration duration, long relinked, List<EntitySetSummary> entitySets) {

    public record EntitySetSummary(String entitySet, String table, String readMode, Instant windowFrom, long rowsRead,
                                   long rowsWritten, long rowsDeleted, long rowsRejected, long dangling, long requests, Instant watermarkBefore,
                                   Instant watermarkAfter, long millis, String outcome) {
    }

    public long rowsRead() {
        return entitySets.stream().mapToLong(EntitySetSummary::rowsRead).sum();
    }

    public long rowsRejected() {
        return entitySets.stream().mapToLong(EntitySetSummary::rowsRejected).sum();
    }

    public long requests() {
        return entitySets.stream().mapToLong(EntitySetSummary::requests).sum();
    }

    public EntitySetSummary of(String entitySet) {
        return entitySets.stream().filter(s -> s.entitySet().equals(entitySet)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no entity set " + entitySet + " in the run"));
    }

    /** A plain-text table: one line per entity set, then the totals. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-28s %-12s %10s %10s %8s %8s %8s %8s %9s%n", "entity set", "read", "rows read", "written",
                "deleted", "rejected", "dangling", "requests", "seconds"));
        for (EntitySetSummary s : entitySets) {
            out.append(String.format("%-28s %-12s %10d %10d %8d %8d %8d %8d %9.2f%n", s.entitySet(), s.readMode(), s.rowsRead(),
                    s.rowsWritten(), s.rowsDeleted(), s.rowsRejected(), s.dangling(), s.requests(), s.millis() / 1000.0));
        }
        out.append(String.format("run %d %s in %.2f s: %d rows read, %d rejected, %d requests, %d facts relinked to late members%n",
                runId, outcome, duration.toMillis() / 1000.0, rowsRead(), rowsRejected(), requests(), relinked));
        return out.toString();
    }
}
