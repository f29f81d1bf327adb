package io.tdwarehouse.run;

import io.tdwarehouse.definition.PipelineDefinition;
import io.tdwarehouse.definition.TableDefinition;
import io.tdwarehouse.pipeline.ReadTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides per table how to read it (full, incremental from watermark − overlap, or whole) and turns that into
 * read tasks. The first run of a fresh warehouse has no watermarks, so it is a full load.
 */
public final class RunPlanner {
    private RunPlanner() {
    }

    /** The plan of a run, and its tasks. */
    /** @param reconcile whether this run compares keys with the feed to find hard deletes */
    public record Plan(List<TablePlan> tables, List<ReadTask> dimensionTasks, List<ReadTask> factTasks, boolean reconcile) {
    }

    /**
     * @param watermarks  entity set → watermark, as committed
     * @param fullRefresh entity sets to reload from scratch; null for none
     * @param overlap     how far before the watermark an incremental read starts
     */
    public static Plan plan(PipelineDefinition definition, Map<String, Instant> watermarks, Set<String> fullRefresh,
                            Duration overlap) {
        return plan(definition, watermarks, fullRefresh, overlap, t -> true, false);
    }

    /**
     * @param large whether a table's entity set is large enough for its full read to be split into windows (a set
     *              that fits in one page gains nothing from a few dozen window requests)
     */
    public static Plan plan(PipelineDefinition definition, Map<String, Instant> watermarks, Set<String> fullRefresh,
                            Duration overlap, java.util.function.Predicate<TableDefinition> large, boolean reconcile) {
        List<TablePlan> tables = new ArrayList<>();
        List<ReadTask> dims = new ArrayList<>();
        List<ReadTask> facts = new ArrayList<>();
        int taskId = 0;
        for (TableDefinition t : definition.tables()) {
            Instant watermark = watermarks.get(t.entitySet());
            TablePlan plan;
            if (!t.isIncremental()) {
                plan = new TablePlan(t, TablePlan.Mode.WHOLE, null, null);
            } else if (watermark == null || (fullRefresh != null && fullRefresh.contains(t.entitySet()))) {
                plan = new TablePlan(t, TablePlan.Mode.FULL, null, watermark);
            } else {
                plan = new TablePlan(t, TablePlan.Mode.INCREMENTAL, watermark.minus(overlap), watermark);
            }
            tables.add(plan);
            List<ReadTask> target = t.kind() == TableDefinition.Kind.DIMENSION ? dims : facts;
            boolean incrementalDetails = t.details() != null && plan.mode() == TablePlan.Mode.INCREMENTAL;
            if (plan.mode() == TablePlan.Mode.FULL && t.partitionBy() != null && large.test(t)) {
                // a full read of a large set: independent windows that Beam reads in parallel
                for (String window : PartitionWindows.of(t.partitionBy())) {
                    target.add(new ReadTask(++taskId, t.table(), ReadTask.Part.MAIN, window, false));
                }
            } else {
                target.add(new ReadTask(++taskId, t.table(), ReadTask.Part.MAIN, plan.filter(), incrementalDetails));
            }
            if (reconcile && plan.mode() == TablePlan.Mode.INCREMENTAL) {
                // full and whole reads already hold every key; an incremental read is compared with a read of the ids
                target.add(new ReadTask(++taskId, t.table(), ReadTask.Part.KEYS, null, false));
            }
            if (t.details() != null && !incrementalDetails) {
                target.add(new ReadTask(++taskId, t.table(), ReadTask.Part.DETAILS, null, false));
            }
        }
        return new Plan(tables, dims, facts, reconcile);
    }
}
