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
 */
public record RunRequest(FeedSettings feed, WarehouseSettings warehouse, PipelineDefinition definition,
                         Set<String> fullRefresh, Set<String> entitySets, Duration overlap, List<String> beamArgs) {
    public static final Set<String> ALL = Set.of("*");
    public static final Duration DEFAULT_OVERLAP = Duration.ofMinutes(5);

    public RunRequest {
        fullRefresh = Set.copyOf(fullRefresh);
        entitySets = Set.copyOf(entitySets);
        beamArgs = List.copyOf(beamArgs);
        if (overlap.isNegative()) {
            throw new IllegalArgumentException("overlap must not be negative, was " + overlap);
        }
    }

    public static RunRequest incremental(FeedSettings feed, WarehouseSettings warehouse) {
        return new RunRequest(feed, warehouse, PipelineDefinition.loadDefault(), Set.of(), Set.of(), DEFAULT_OVERLAP, List.of());
    }

    public RunRequest withFullRefresh(Set<String> sets) {
        return new RunRequest(feed, warehouse, definition, sets, entitySets, overlap, beamArgs);
    }

    public RunRequest withBeamArgs(List<String> args) {
        return new RunRequest(feed, warehouse, definition, fullRefresh, entitySets, overlap, args);
    }

    public RunRequest withEntitySets(Set<String> sets) {
        return new RunRequest(feed, warehouse, definition, fullRefresh, sets, overlap, beamArgs);
    }

    public RunRequest withOverlap(Duration d) {
        return new RunRequest(feed, warehouse, definition, fullRefresh, entitySets, d, beamArgs);
    }
}
