package io.tdwarehouse.run;

import io.tdwarehouse.definition.DefinitionException;
import io.tdwarehouse.definition.PipelineDefinition;
import io.tdwarehouse.definition.TableDefinition;
import io.tdwarehouse.pipeline.LoadPipeline;
import io.tdwarehouse.pipeline.ReadTask;
import io.tdwarehouse.pipeline.RunContext;
import io.tdwarehouse.pipeline.StagingTables;
import io.tdwarehouse.source.FeedException;
import io.tdwarehouse.source.FeedMetadata;
import io.tdwarehouse.source.ReportingApiClient;
import io.tdwarehouse.warehouse.Migrations;
import io.tdwarehouse.warehouse.WarehouseException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the ETL, start to end: migrate, lock, read $metadata, check the definition against it and the
 * warehouse, plan, stage with Beam, merge in one transaction, record. Failures leave the warehouse's tables and
 * watermarks as they were and are recorded in etl.runs.
 */
public final class WarehouseRun {
    private static final Logger LOG = LoggerFactory.getLogger(WarehouseRun.class);

    private WarehouseRun() {
    }

    public static RunSummary execute(RunRequest request) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Migrations.migrate(request.warehouse());
        LOG.info("warehouse migrated in {} ms", (System.nanoTime() - t0) / 1_000_000);
        try (RunLock lock = RunLock.acquire(request.warehouse());
             ReportingApiClient client = new ReportingApiClient(request.feed());
             Connection conn = connect(request)) {
            // recorded from the start, so that a run refused by TOPdesk or by a definition check is in the history too
            long runId = RunLedger.start(conn, request.fullRefresh().isEmpty() ? "incremental" : "full");
            try {
                return execute(request, runId, client, conn, started);
            } catch (RuntimeException | SQLException e) {
                RuntimeException failure = unwrap(e);
                recordFailure(conn, runId, failure);
                throw failure;
            }
        } catch (SQLException e) {
            throw new WarehouseException("the warehouse failed: " + e.getMessage(), e);
        }
    }

    private static RunSummary execute(RunRequest request, long runId, ReportingApiClient client, Connection conn,
                                      Instant started) throws SQLException {
        Checked checked = check(request, client, conn, true);
        if (!checked.problems().isEmpty()) {
            throw new DefinitionException("the pipeline definition does not match the tenant or the warehouse:\n  - "
                    + String.join("\n  - ", checked.problems()));
        }
        StagingTables.dropLeftovers(conn);
        FeedMetadata metadata = checked.metadata();
        RunPlanner.Plan plan = plan(request, client, conn, checked.definition(), true);
        RunLedger.setMode(conn, runId,
                plan.tables().stream().anyMatch(t -> t.mode() == TablePlan.Mode.INCREMENTAL) ? "incremental" : "full");
        // the whole definition: a run limited to some sets still resolves references to every dimension
        RunContext ctx = new RunContext(runId, request.feed(), request.warehouse(), request.definition(), metadata.entitySets());
        LOG.info("run {} started: {} tables, {} read tasks", runId, plan.tables().size(),
                plan.dimensionTasks().size() + plan.factTasks().size());
        try {
            createStaging(conn, ctx, plan);
            long t1 = System.nanoTime();
            runPipeline(request, ctx, plan);
            long t2 = System.nanoTime();
            LOG.info("run {}: read and staged in {} ms", runId, (t2 - t1) / 1_000_000);
            checkRejects(conn, ctx, request.maxRejectedFraction());
            RunSummary summary = commit(conn, ctx, plan, started);
            LOG.info("run {}: merged and committed in {} ms", runId, (System.nanoTime() - t2) / 1_000_000);
            LOG.info("run {} succeeded in {} ms", runId, summary.duration().toMillis());
            return summary;
        } catch (RuntimeException | SQLException e) {
            recordFailedSets(conn, ctx, plan);
            throw e;
        } finally {
            dropStaging(conn, ctx, plan);
        }
    }

    /** What a dry run found: the plan, whether the warehouse still needs migrations, and mismatches. */
    public record DryRun(RunPlanner.Plan plan, int pendingMigrations, List<String> problems, Map<String, String> firstRequests) {
    }

    /**
     * Plans a run without writing anything: reads $metadata and, if the warehouse is migrated, its watermarks and
     * columns. A warehouse with pending migrations is planned as a fresh one (full load).
     */
    public static DryRun dryRun(RunRequest request) {
        try (ReportingApiClient client = new ReportingApiClient(request.feed()); Connection conn = connect(request)) {
            int pending = Migrations.pending(request.warehouse());
            Checked checked = check(request, client, conn, pending == 0);
            FeedMetadata metadata = checked.metadata();
            List<String> problems = checked.problems();
            RunPlanner.Plan plan = plan(request, client, conn, checked.definition(), pending == 0);
            Map<String, String> urls = new java.util.LinkedHashMap<>();
            for (TablePlan t : plan.tables()) {
                if (metadata.hasEntitySet(t.table().entitySet())) {
                    urls.put(t.table().entitySet(), client.entitySetUrl(t.table().entitySet(), t.table().properties(), t.filter()).toString());
                }
            }
            return new DryRun(plan, pending, problems, urls);
        } catch (SQLException e) {
            throw new WarehouseException("the warehouse failed: " + e.getMessage(), e);
        }
    }

    /** The tenant's $metadata, the definition as the request restricts it, and how the two (and dw.*) disagree. */
    private record Checked(FeedMetadata metadata, PipelineDefinition definition, List<String> problems) {
    }

    /** @param migrated whether the warehouse has every migration (else only the feed is checked) */
    private static Checked check(RunRequest request, ReportingApiClient client, Connection conn, boolean migrated) throws SQLException {
        FeedMetadata metadata = FeedMetadata.parse(client.metadata());
        PipelineDefinition definition = request.entitySets().isEmpty() ? request.definition()
                : request.definition().restrictedTo(request.entitySets());
        List<String> problems = new ArrayList<>(DefinitionCheck.againstFeed(definition, metadata));
        if (problems.isEmpty() && migrated) {
            problems.addAll(DefinitionCheck.againstWarehouse(conn, definition, metadata));
        }
        return new Checked(metadata, definition, problems);
    }

    /** The run's plan; a warehouse without every migration is planned as a fresh one (full load). */
    private static RunPlanner.Plan plan(RunRequest request, ReportingApiClient client, Connection conn,
                                        PipelineDefinition definition, boolean migrated) throws SQLException {
        Set<String> fullRefresh = request.fullRefresh().equals(RunRequest.ALL) ? allSets(definition) : request.fullRefresh();
        Map<String, Instant> watermarks = migrated ? RunLedger.watermarks(conn) : Map.of();
        boolean reconcile = request.deletes().now() || (migrated && RunLedger.reconciliationDue(conn, request.deletes().everyRuns()));
        return RunPlanner.plan(definition, watermarks, fullRefresh, request.overlap(), t -> client.spansSeveralPages(t.entitySet()),
                reconcile);
    }

    private static Connection connect(RunRequest request) {
        try {
            Connection conn = request.warehouse().connect();
            conn.setAutoCommit(true);
            return conn;
        } catch (SQLException e) {
            throw new WarehouseException("cannot reach the warehouse at " + request.warehouse().redactedUrl() + ": "
                    + e.getMessage(), e);
        }
    }

    private static Set<String> allSets(PipelineDefinition definition) {
        Set<String> all = new HashSet<>();
        definition.tables().forEach(t -> all.add(t.entitySet()));
        return all;
    }

    /** The staging tables a plan writes to: each table's main one, its details', and its keys' when reconciling. */
    private static Set<java.util.Map.Entry<String, ReadTask.Part>> stagingTables(RunPlanner.Plan plan) {
        Set<java.util.Map.Entry<String, ReadTask.Part>> out = new java.util.LinkedHashSet<>();
        for (TablePlan t : plan.tables()) {
            out.add(java.util.Map.entry(t.table().table(), ReadTask.Part.MAIN));
            if (t.table().details() != null) {
                out.add(java.util.Map.entry(t.table().table(), ReadTask.Part.DETAILS));
            }
        }
        java.util.stream.Stream.concat(plan.dimensionTasks().stream(), plan.factTasks().stream())
                .forEach(task -> out.add(java.util.Map.entry(task.table(), task.part())));
        return out;
    }

    private static void createStaging(Connection conn, RunContext ctx, RunPlanner.Plan plan) throws SQLException {
        for (var t : stagingTables(plan)) {
            StagingTables.create(conn, ctx, t.getKey(), t.getValue());
        }
    }

    private static void dropStaging(Connection conn, RunContext ctx, RunPlanner.Plan plan) {
        try {
            conn.setAutoCommit(true);
            for (var t : stagingTables(plan)) {
                StagingTables.drop(conn, ctx, t.getKey(), t.getValue());
            }
        } catch (SQLException e) {
            LOG.warn("could not drop the staging tables of run {} (the next run drops them): {}", ctx.runId(), e.getMessage());
        }
    }

    static PipelineOptions options(List<String> beamArgs) {
        PipelineOptions options = PipelineOptionsFactory.fromArgs(beamArgs.toArray(String[]::new)).withValidation().create();
        options.setJobName("topdesk-warehouse");
        DirectOptions direct = options.as(DirectOptions.class);
        // The direct runner's per-element checks cost 5x on large collections (shared/beam-notes.md); our elements
        // are immutable tasks and key maps, so they only cost time. A user's explicit flag still wins.
        if (beamArgs.stream().noneMatch(a -> a.startsWith("--enforceImmutability"))) {
            direct.setEnforceImmutability(false);
        }
        if (beamArgs.stream().noneMatch(a -> a.startsWith("--enforceEncodability"))) {
            direct.setEnforceEncodability(false);
        }
        if (options.getRunner().getSimpleName().equals("FlinkRunner")) {
            org.apache.beam.runners.flink.FlinkPipelineOptions flink = options.as(org.apache.beam.runners.flink.FlinkPipelineOptions.class);
            if (beamArgs.stream().noneMatch(a -> a.startsWith("--fasterCopy"))) {
                flink.setFasterCopy(true); // our elements are immutable read tasks and key maps
            }
            if ("[local]".equals(flink.getFlinkMaster()) && flink.getFlinkConfDir() == null) {
                flink.setFlinkConfDir(loopbackFlinkConf());
            }
        }
        return options;
    }

    /** An embedded Flink listens on every interface by default; the ETL's own mini cluster needs loopback only. */
    private static String loopbackFlinkConf() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("topdesk-warehouse-flink");
            java.nio.file.Files.writeString(dir.resolve("flink-conf.yaml"), String.join("\n",
                    "rest.bind-address: 127.0.0.1", "rest.address: 127.0.0.1", "jobmanager.bind-host: 127.0.0.1",
                    "taskmanager.bind-host: 127.0.0.1", "taskmanager.host: 127.0.0.1", ""));
            dir.toFile().deleteOnExit();
            dir.resolve("flink-conf.yaml").toFile().deleteOnExit();
            return dir.toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write a configuration for the embedded Flink: " + e.getMessage(), e);
        }
    }

    /** How many workers the runner reads with: the direct runner's target, Flink's parallelism, or the cores. */
    static int parallelism(PipelineOptions options) {
        if (options.getRunner().getSimpleName().equals("FlinkRunner")) {
            int flink = options.as(org.apache.beam.runners.flink.FlinkPipelineOptions.class).getParallelism();
            return flink > 0 ? flink : Runtime.getRuntime().availableProcessors();
        }
        return options.as(DirectOptions.class).getTargetParallelism();
    }

    private static void runPipeline(RunRequest request, RunContext ctx, RunPlanner.Plan plan) {
        PipelineOptions options = options(request.beamArgs());
        Pipeline pipeline = Pipeline.create(options);
        LoadPipeline.build(pipeline, ctx, plan.dimensionTasks(), plan.factTasks(), 2 * parallelism(options));
        PipelineResult result = pipeline.run();
        PipelineResult.State state = result.waitUntilFinish();
        if (state != PipelineResult.State.DONE) {
            throw new IllegalStateException("the Beam pipeline ended in state " + state);
        }
    }

    private static RunSummary commit(Connection conn, RunContext ctx, RunPlanner.Plan plan, Instant started) throws SQLException {
        conn.setAutoCommit(false);
        try {
            try (java.sql.Statement st = conn.createStatement()) {
                // the merge sorts and hashes whole staging tables: let it do so in memory (this transaction only)
                st.execute("SET LOCAL work_mem = '256MB'");
                st.execute("SET LOCAL maintenance_work_mem = '256MB'"); // index rebuilds after bulk merges
                // the merge's statements are bound by writes and index lookups; compiling them with LLVM cost more than
                // it saved (relinking 1M incidents: 1.5 s with JIT, 0.18 s without, measured)
                st.execute("SET LOCAL jit = off");
            }
            WarehouseMerge.Result merged = new WarehouseMerge(ctx, conn).merge(plan.tables(), plan.reconcile());
            Map<String, RunLedger.TaskTotals> totals = RunLedger.taskTotals(conn, ctx.runId());
            List<RunSummary.EntitySetSummary> sets = new ArrayList<>();
            for (TablePlan t : plan.tables()) {
                TableDefinition table = t.table();
                RunLedger.TaskTotals tt = totals.getOrDefault(table.entitySet(), RunLedger.TaskTotals.NONE);
                sets.add(new RunSummary.EntitySetSummary(table.entitySet(), table.table(), t.mode().label(), t.windowFrom(),
                        tt.rowsRead(), merged.written().getOrDefault(table.table(), 0L),
                        merged.deleted().getOrDefault(table.table(), 0L), tt.rejected(), tt.dangling(),
                        tt.requests(), t.watermark(), merged.watermarks().get(table.entitySet()), tt.millis(), "succeeded"));
                if (table.details() != null) {
                    RunLedger.TaskTotals dt = totals.getOrDefault(table.details().entitySet(), RunLedger.TaskTotals.NONE);
                    sets.add(new RunSummary.EntitySetSummary(table.details().entitySet(), table.table(),
                            t.mode() == TablePlan.Mode.INCREMENTAL ? "by-id" : t.mode().label(), null, dt.rowsRead(), 0, 0,
                            dt.rejected(), 0, dt.requests(), null, null, dt.millis(), "succeeded"));
                }
            }
            for (RunSummary.EntitySetSummary s : sets) {
                RunLedger.recordEntitySet(conn, ctx.runId(), s);
            }
            RunLedger.finish(conn, ctx.runId(), "succeeded", null);
            if (plan.reconcile()) {
                RunLedger.markReconciled(conn, ctx.runId());
            }
            conn.commit();
            return new RunSummary(ctx.runId(), "succeeded", Duration.between(started, Instant.now()), merged.relinked(), sets);
        } catch (SQLException | RuntimeException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(true);
        }
    }

    /** Fails the run when an entity set had more rejected rows than the threshold allows (see etl.rejects). */
    private static void checkRejects(Connection conn, RunContext ctx, double maxFraction) throws SQLException {
        List<String> over = new ArrayList<>();
        for (Map.Entry<String, RunLedger.TaskTotals> e : RunLedger.taskTotals(conn, ctx.runId()).entrySet()) {
            RunLedger.TaskTotals t = e.getValue();
            if (t.rejected() > 0 && t.rejected() > maxFraction * t.rowsRead()) {
                over.add(e.getKey() + ": " + t.rejected() + " of " + t.rowsRead() + " rows rejected");
            }
        }
        if (!over.isEmpty()) {
            throw new RejectsExceededException("too many rows rejected (threshold " + (maxFraction * 100) + "% per entity set): "
                    + String.join("; ", over) + ". See etl.rejects for each row and why (run_id " + ctx.runId() + ")");
        }
    }

    private static void recordFailure(Connection conn, long runId, RuntimeException failure) {
        try {
            conn.setAutoCommit(true);
            RunLedger.finish(conn, runId, "failed", String.valueOf(failure.getMessage()));
        } catch (SQLException e) {
            LOG.warn("could not record the failure of run {}: {}", runId, e.getMessage());
        }
    }

    /** Per entity set of a failed run: what its tasks had read (nothing of it was committed). */
    private static void recordFailedSets(Connection conn, RunContext ctx, RunPlanner.Plan plan) {
        try {
            conn.setAutoCommit(true);
            Map<String, RunLedger.TaskTotals> totals = RunLedger.taskTotals(conn, ctx.runId());
            for (TablePlan t : plan.tables()) {
                RunLedger.TaskTotals tt = totals.getOrDefault(t.table().entitySet(), RunLedger.TaskTotals.NONE);
                RunLedger.recordEntitySet(conn, ctx.runId(), new RunSummary.EntitySetSummary(t.table().entitySet(),
                        t.table().table(), t.mode().label(), t.windowFrom(), tt.rowsRead(), 0, 0, tt.rejected(), tt.dangling(),
                        tt.requests(), t.watermark(), t.watermark(), tt.millis(), "failed"));
            }
        } catch (SQLException e) {
            LOG.warn("could not record the entity sets of failed run {}: {}", ctx.runId(), e.getMessage());
        }
    }

    /** Beam wraps what a DoFn threw; the cause is what the user needs (and what picks the exit code). */
    static RuntimeException unwrap(Throwable e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof FeedException || t instanceof WarehouseException || t instanceof DefinitionException
                    || t instanceof RunLock.RunLockedException || t instanceof RejectsExceededException) {
                return (RuntimeException) t;
            }
            t = t.getCause();
        }
        if (e instanceof SQLException s) {
            return new WarehouseException("the warehouse failed: " + s.getMessage(), s);
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }
}
