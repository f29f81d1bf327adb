package io.tdwarehouse.pipeline;

import io.tdwarehouse.definition.PipelineDefinition;
import io.tdwarehouse.definition.TableDefinition;
import io.tdwarehouse.source.FeedSettings;
import io.tdwarehouse.warehouse.WarehouseSettings;
import java.io.Serializable;
import java.util.Map;

/**
 * Everything a worker needs to read and stage, serialised with the pipeline. It carries credentials (as JdbcIO's
 * configuration does); {@link io.tdwarehouse.source.Secret} keeps them out of toString and logs.
 *
 * @param edmTypes  entity set → property → CSDL type, from the tenant's $metadata
 */
public record RunContext(long runId, FeedSettings feed, WarehouseSettings warehouse, PipelineDefinition definition,
                         Map<String, Map<String, String>> edmTypes) implements Serializable {

    public TableDefinition table(String table) {
        return definition.tables().stream().filter(t -> t.table().equals(table)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no table " + table + " in the definition"));
    }

    public StagingLayout layout(String table, ReadTask.Part part) {
        TableDefinition t = table(table);
        return switch (part) {
            case MAIN -> StagingLayout.main(t, edmTypes.get(t.entitySet()));
            case DETAILS -> StagingLayout.details(t, edmTypes.get(t.details().entitySet()));
            case KEYS -> StagingLayout.keys(t, edmTypes.get(t.entitySet()));
        };
    }

    /** Name (in schema staging) of the staging table of a warehouse table's part in this run. */
    public String stagingTable(String table, ReadTask.Part part) {
        return table + switch (part) {
            case MAIN -> "";
            case DETAILS -> "_details";
            case KEYS -> "_keys";
        } + "_r" + runId;
    }
}
