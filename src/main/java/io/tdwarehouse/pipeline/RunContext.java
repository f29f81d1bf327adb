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
 * <p>Its serialised form is one byte array, written once: Beam's direct runner serialises and deserialises a
 * DoFn for every bundle it plans (ParDoTranslation), and walking the definition's object graph each time cost
 * 16% of the ETL's CPU in a full load at 1M incidents (measured with JFR). The fields are decoded from the bytes
 * on first use, once per deserialised copy.
 */
public final class RunContext implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[] frozen;
    private transient Fields fields;

    /** @param edmTypes  entity set → property → CSDL type, from the tenant's $metadata */
    private record Fields(long runId, FeedSettings feed, WarehouseSettings warehouse, PipelineDefinition definition,
                          Map<String, Map<String, String>> edmTypes) implements Serializable {
    }

    public RunContext(long runId, FeedSettings feed, WarehouseSettings warehouse, PipelineDefinition definition,
                      Map<String, Map<String, String>> edmTypes) {
        this.fields = new Fields(runId, feed, warehouse, definition, edmTypes);
        this.frozen = freeze(fields);
    }

    private static byte[] freeze(Fields fields) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(fields);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot serialise the run context", e);
        }
        return bytes.toByteArray();
    }

    private Fields fields() {
        Fields f = fields;
        if (f == null) {
            try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(frozen))) {
                f = (Fields) in.readObject();
            } catch (java.io.IOException | ClassNotFoundException e) {
                throw new IllegalStateException("cannot deserialise the run context", e);
            }
            fields = f; // a benign race: two threads may decode the same bytes
        }
        return f;
    }

    public long runId() {
        return fields().runId();
    }

    public FeedSettings feed() {
        return fields().feed();
    }

    public WarehouseSettings warehouse() {
        return fields().warehouse();
    }

    public PipelineDefinition definition() {
        return fields().definition();
    }

    public Map<String, Map<String, String>> edmTypes() {
        return fields().edmTypes();
    }

    public TableDefinition table(String table) {
        return definition().tables().stream().filter(t -> t.table().equals(table)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no table " + table + " in the definition"));
    }

    public StagingLayout layout(String table, ReadTask.Part part) {
        TableDefinition t = table(table);
        return switch (part) {
            case MAIN -> StagingLayout.main(t, edmTypes().get(t.entitySet()));
            case DETAILS -> StagingLayout.details(t, edmTypes().get(t.details().entitySet()));
            case KEYS -> StagingLayout.keys(t, edmTypes().get(t.entitySet()));
        };
    }

    /** Name (in schema staging) of the staging table of a warehouse table's part in this run. */
    public String stagingTable(String table, ReadTask.Part part) {
        return table + switch (part) {
            case MAIN -> "";
            case DETAILS -> "_details";
            case KEYS -> "_keys";
        } + "_r" + runId();
    }
}
