package io.tdwarehouse.pipeline;

import io.tdwarehouse.source.ReportingApiClient;
import io.tdwarehouse.warehouse.WarehouseException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;

/** Runs read tasks: each element is a task, each task reads pages and stages them (see {@link TaskStager}). */
final class StageEntitySetFn extends DoFn<ReadTask, String> {
    private static final KeyMaps NO_KEYS = new KeyMaps(Map.of());
    private final RunContext ctx;
    private final PCollectionView<KeyMaps> keysView;
    private final Counter rows = Metrics.counter(StageEntitySetFn.class, "rowsStaged");
    private final Counter dangling = Metrics.counter(StageEntitySetFn.class, "danglingReferences");
    private transient ReportingApiClient client;
    private transient Connection conn;

    StageEntitySetFn(RunContext ctx, PCollectionView<KeyMaps> keysView) {
        this.ctx = ctx;
        this.keysView = keysView;
    }

    @Setup
    public void setup() {
        client = new ReportingApiClient(ctx.feed());
    }

    @ProcessElement
    public void process(ProcessContext c) {
        ReadTask task = c.element();
        KeyMaps keys = keysView == null ? NO_KEYS : c.sideInput(keysView);
        try {
            if (conn == null || conn.isClosed()) {
                conn = ctx.warehouse().connect(); // one connection per worker, reused by its tasks
            }
            TaskStager.Stats stats = new TaskStager(ctx, client).run(task, keys, conn);
            rows.inc(stats.rowsStaged());
            dangling.inc(stats.dangling());
        } catch (SQLException e) {
            closeConnection();
            throw new WarehouseException("staging " + task.table() + " (task " + task.taskId() + ") failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeConnection();
            throw e;
        }
        c.output(task.table());
    }

    private void closeConnection() {
        try {
            if (conn != null) {
                conn.close();
            }
        } catch (SQLException ignored) {
            // a connection that failed is dropped either way
        }
        conn = null;
    }

    @Teardown
    public void teardown() {
        closeConnection();
        if (client != null) {
            client.close();
        }
    }
}
