package io.tdwarehouse.run;

import io.tdwarehouse.definition.PipelineDefinition;
import io.tdwarehouse.source.FeedSettings;
import io.tdwarehouse.warehouse.WarehouseSettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What to run.
 *
 * @param fullRefresh  entity sets to reload from scratch; {@link #ALL} for every set; empty for none
 * @param entitySets   only these sets (and the dimensions their facts need are not implied); empty for all
 * @param overlap      incremental reads start this long before the watermark
 * @param beamArgs     Beam pipeline options (--runner=FlinkRunner, --parallelism=4, ...)
 * @param maxRejectedFraction  a run fails (and changes nothing) when more than this fraction of an entity set's
 *                             rows read is rejected
 * @param deletes      when to compare keys with the feed to find hard deletes
 */
public record RunRequest(FeedSettings feed, WarehouseSettings warehouse, PipelineDefinition definition,
                         Set<String> fullRefresh, Set<String> entitySets, Duration overlap, List<String> beamArgs,
                         double maxRejectedFraction, Deletes deletes) {

    /**
     * Key reconciliation: this run ({@code now}), or every {@code everyRuns} runs (0: only on demand). A full load
     * always reconciles the sets it reads in full.
     */
    public record Deletes(boolean now, int everyRuns) {
        public static final Deletes DEFAULT = new Deletes(false, 24);

        public Deletes {
            if (everyRuns < 0) {
                throw new IllegalArgumentException("the reconciliation interval must be >= 0 runs, was " + everyRuns);
            }
        }
    }
    public static final double DEFAULT_MAX_REJECTED_FRACTION = 0.01;
    public static final Set<String> ALL = Set.of("*");
    public static final Duration DEFAULT_OVERLAP = Duration.ofMinutes(5);

    public RunRequest {
        fullRefresh = Set.copyOf(fullRefresh);
        entitySets = Set.copyOf(entitySets);
        beamArgs = List.copyOf(beamArgs);
        if (!(maxRejectedFraction >= 0 && maxRejectedFraction <= 1)) {
            throw new IllegalArgumentException("the rejected-rows threshold must be from 0 to 1, was " + maxRejectedFraction);
        }
        if (overlap.isNegative()) {
            throw new IllegalArgumentException("overlap must not be negative, was " + overlap);
        }
    }

    public static RunRequest incremental(FeedSettings feed, WarehouseSettings warehouse) {
        return new RunRequest(feed, warehouse, PipelineDefinition.loadDefault(), Set.of(), Set.of(), DEFAULT_OVERLAP, List.of(), DEFAULT_MAX_REJECTED_FRACTION, Deletes.DEFAULT);
    }

    public RunRequest withFullRefresh(Set<String> sets) {
        return new RunRequest(feed, warehouse, definition, sets, entitySets, overlap, beamArgs, maxRejectedFraction, deletes);
    }

    public RunRequest withBeamArgs(List<String> args) {
        return new RunRequest(feed, warehouse, definition, fullRefresh, entitySets, overlap, args, maxRejectedFraction, deletes);
    }

    public RunRequest withEntitySets(Set<String> sets) {
        return new RunRequest(feed, warehouse, definition, fullRefresh, sets, overlap, beamArgs, maxRejectedFraction, deletes);
    }

    public RunRequest withMaxRejectedFraction(double fraction) {
        return new RunRequest(feed, warehouse, definition, fullRefresh, entitySets, overlap, beamArgs, fraction, deletes);
    }

    public RunRequest withDeletes(Deletes d) {
        return new RunRequest(feed, warehouse, definition, fullRefresh, entitySets, overlap, beamArgs, maxRejectedFraction, d);
    }

    public RunRequest withOverlap(Duration d) {
        return new RunRequest(feed, warehouse, definition, fullRefresh, entitySets, d, beamArgs, maxRejectedFraction, deletes);
    }
}
