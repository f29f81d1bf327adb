package io.tdwarehouse.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.tdwarehouse.definition.PipelineDefinition;
import io.tdwarehouse.reliability.KillPoint.Phase;
import io.tdwarehouse.run.RunRequest;
import io.tdwarehouse.run.RunSummary;
import io.tdwarehouse.run.WarehouseRun;
import io.tdwarehouse.simulator.http.Fault;
import io.tdwarehouse.simulator.http.SimulatorServer;
import io.tdwarehouse.simulator.http.Users;
import io.tdwarehouse.simulator.model.Row;
import io.tdwarehouse.simulator.tenant.TenantData;
import io.tdwarehouse.simulator.tenant.TenantSchema;
import io.tdwarehouse.source.FeedSettings;
import io.tdwarehouse.source.Secret;
import io.tdwarehouse.testing.PostgresDatabase;
import io.tdwarehouse.testing.WarehouseTruth;
import io.tdwarehouse.warehouse.WarehouseSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: the ETL, run as a user runs it ({@code java -jar topdesk-warehouse.jar run}), is SIGKILLed at seeded
 * points of a full load and of an incremental run; each time, the warehouse as the kill left it must be the state
 * before the run or (killed after COMMIT) the run's result, and the next run must end with the bi views equal to the
 * source's truth: no duplicates, no lost rows, no watermark ahead of the committed data, no staging table left, the
 * run lock free.
 *
 * <p>Kill points are conditions, not times, so that they land in the same phase on a fast or a loaded machine:
 * requests served by the in-process simulator (whose pages are slowed down a little for read phases), a COPY seen in
 * pg_stat_activity, rows in etl.run_tasks, or a table lock the test holds so that the ETL stops at a known statement
 * ({@link Gate}). The full-load scenario resets the database (drops the schemas) before every kill point, so each
 * kill hits a first run ({@code run}) of an empty warehouse; the incremental scenario changes the source before every
 * kill point (creates, updates, hard deletes, a branch renamed) and again between the kill and the next run, and its
 * runs reconcile keys ({@code run --reconcile-deletes}), which is how the pipeline finds hard deletes. The next run
 * after a kill runs in this JVM (the CLI's code, without a JVM start), except in the run-lock test, where it is a
 * process too.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashSafetyIT {
    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();
    @TempDir
    static Path logs;

    static final long SEED = 20_260_412L;
    static final int INCIDENTS = 1_000;
    static final int PAGE_SIZE = 100;
    /** Kill points per scenario: at least one per phase (11 in a full load, 10 in an incremental run); -Dcrash.killPoints=N for more. */
    static final int KILL_POINTS = Integer.getInteger("crash.killPoints", 0);
    /** How long each page of the set a read-phase kill point watches waits before its first byte. */
    static final int SLOW_PAGE_MILLIS = 100;
    static final Duration KILL_POINT_TIMEOUT = Duration.ofMinutes(3);

    private static SimulatorServer server;
    private static TenantData tenant;
    private static WarehouseProbe probe;
    private static RunRequest request;
    /** The runs of scenario 2 and of the lock test: they compare keys with the feed, so that hard deletes show. */
    private static RunRequest reconciling;
    static final String[] RECONCILING_RUN = {"run", "--reconcile-deletes"};
    private static PipelineDefinition definition;
    private static final List<String> report = new ArrayList<>();
    private static final long classStart = System.nanoTime();
    private static final Map<String, Duration> scenarioTimes = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        tenant = new TenantData(SEED, INCIDENTS);
        server = SimulatorServer.start("127.0.0.1", 0, tenant, Users.defaults(), true);
        probe = new WarehouseProbe(DB.connection());
        FeedSettings feed = FeedSettings.of(server.serviceRoot(), "reporting", Secret.of("reporting")).withPageSize(PAGE_SIZE);
        WarehouseSettings warehouse = DB.warehouseSettings();
        request = RunRequest.incremental(feed, warehouse);
        reconciling = request.withDeletes(new RunRequest.Deletes(true, 0));
        definition = request.definition();
    }

    @AfterAll
    static void stop() throws Exception {
        if (probe != null) {
            probe.close();
        }
        if (server != null) {
            server.close();
        }
        StringBuilder sb = new StringBuilder("\n[CrashSafetyIT] kill points (" + EtlProcess.JAR + ")\n");
        sb.append("| # | scenario | kill point | seen at the kill | left by the kill | next run | s |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        report.forEach(l -> sb.append(l).append('\n'));
        scenarioTimes.forEach((k, v) -> sb.append(k).append(": ").append(v.toMillis() / 1000.0).append(" s\n"));
        sb.append("whole class: ").append(Duration.ofNanos(System.nanoTime() - classStart).toMillis() / 1000.0).append(" s\n");
        System.out.println(sb);
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("TOPDESK_URL", server.serviceRoot().toString());
        env.put("TOPDESK_USERNAME", "reporting");
        env.put("TOPDESK_APP_PASSWORD", "reporting");
        env.put("TOPDESK_PAGE_SIZE", String.valueOf(PAGE_SIZE));
        env.put("WAREHOUSE_JDBC_URL", DB.jdbcUrl());
        env.put("WAREHOUSE_USERNAME", DB.username());
        if (DB.password() != null) {
            env.put("WAREHOUSE_PASSWORD", DB.password());
        }
        return env;
    }

    private static Map<String, List<String>> truth() {
        WarehouseTruth truth = new WarehouseTruth(tenant);
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("bi.incidents", truth.incidents());
        out.put("bi.changes", truth.changes());
        out.put("bi.change_activities", truth.changeActivities());
        return out;
    }

    private static Map<String, List<String>> emptyViews() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String v : List.of("bi.incidents", "bi.changes", "bi.change_activities")) {
            out.put(v, List.of());
        }
        return out;
    }

    private static void assertViews(String when, Map<String, List<String>> expected) throws SQLException {
        Map<String, List<String>> actual = probe.views();
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            assertThat(actual.get(e.getKey())).as(when + ": " + e.getKey())
                    .containsExactlyInAnyOrderElementsOf(e.getValue());
        }
        assertThat(probe.duplicateIds()).as(when + ": ids occurring twice in a view").isEmpty();
    }

    // ------------------------------------------------------------------------------------------------------------
    // scenario 1: a full load of an empty warehouse

    @Test
    @Order(1)
    void aFullLoadKilledAtAnyPointIsCompletedByTheNextRun() throws Exception {
        long t0 = System.nanoTime();
        List<KillPoint> points = KillPoint.plan(SEED, true, KILL_POINTS);
        for (KillPoint kp : points) {
            probe.reset();
            killAndRecover("full", kp, emptyViews(), () -> { }, request, "run");
        }
        assertThat(points).hasSizeGreaterThanOrEqualTo(10);
        scenarioTimes.put("scenario 1 (full load, " + points.size() + " kill points)", Duration.ofNanos(System.nanoTime() - t0));
    }

    // ------------------------------------------------------------------------------------------------------------
    // scenario 2: incremental runs after a completed full load

    @Test
    @Order(2)
    void anIncrementalRunKilledAtAnyPointIsCompletedByTheNextRun() throws Exception {
        long t0 = System.nanoTime();
        WarehouseRun.execute(reconciling); // whatever scenario 1 left (or an empty warehouse): now a completed load
        assertViews("before scenario 2", truth());
        Random changes = new Random(SEED + 2);
        List<KillPoint> points = KillPoint.plan(SEED + 1, false, KILL_POINTS);
        for (KillPoint kp : points) {
            Map<String, List<String>> before = probe.views();
            changeTheSource(kp.number(), changes);
            // and TOPdesk goes on changing between the killed run and the next: rows the dead run may have staged
            killAndRecover("incremental", kp, before, () -> tenant.mutate("Incidents", 2, 30, 1), reconciling, RECONCILING_RUN);
        }
        assertThat(points).hasSizeGreaterThanOrEqualTo(10);
        scenarioTimes.put("scenario 2 (incremental, " + points.size() + " kill points)", Duration.ofNanos(System.nanoTime() - t0));
    }

    /**
     * Creations, updates and hard deletes of incidents, changes and activities, persons created and updated, and a
     * branch renamed. The runs that follow reconcile keys, which is how the pipeline finds hard deletes.
     */
    private static void changeTheSource(int round, Random rnd) {
        tenant.mutate("Incidents", 10 + rnd.nextInt(20), 250 + rnd.nextInt(50), 1 + rnd.nextInt(3));
        tenant.mutate("Changes", 1 + rnd.nextInt(4), 15 + rnd.nextInt(10), rnd.nextInt(2));
        tenant.mutate("ChangeActivities", 2 + rnd.nextInt(5), 30 + rnd.nextInt(20), 1 + rnd.nextInt(2));
        tenant.mutate("Persons", rnd.nextInt(3), 5 + rnd.nextInt(10), 0);
        TenantData.EntitySetView branches = tenant.view(TenantSchema.get("Branches"));
        Row branch = branches.row(rnd.nextInt(branches.size()));
        tenant.rename("Branches", (UUID) branch.get("id"), "Branch renamed in round " + round + " \"✓\"");
    }

    // ------------------------------------------------------------------------------------------------------------
    // the run lock

    @Test
    @Order(3)
    void aRunKilledHoldingTheRunLockDoesNotBlockTheNextRun() throws Exception {
        long t0 = System.nanoTime();
        WarehouseRun.execute(reconciling);
        changeTheSource(99, new Random(SEED + 3));
        Map<String, List<String>> before = probe.views();
        long runBefore = probe.latestRunId();
        try (EtlProcess etl = EtlProcess.start(env(), logs.resolve("lock-killed.log"), RECONCILING_RUN)) {
            awaitCondition(etl, () -> probe.latestRunId() > runBefore ? "started" : null);
            long run = probe.latestRunId();
            try (Gate gate = Gate.lock(WarehouseProbe.mark(DB.connection()), "dw.fact_incident", "SHARE")) {
                String at = awaitCondition(etl, () -> probe.etlWaitingOnLock("fact_incident").map(b -> b.shortQuery()).orElse(null));
                assertThat(probe.runLockHeld()).as("the run holds its lock while it merges (" + at + ")").isTrue();
                assertThat(etl.killHard()).as("killed with SIGKILL").isEqualTo(EtlProcess.SIGKILL_EXIT);
                // the dead run's merge session is still there, blocked behind the test's lock, holding its row locks;
                // the run lock lives on another session, which ended with the process
                Instant deadline = Instant.now().plusSeconds(10);
                while (probe.runLockHeld() && Instant.now().isBefore(deadline)) {
                    Thread.sleep(10);
                }
                assertThat(probe.runLockHeld()).as("the run lock died with the killed process").isFalse();
                assertThat(probe.etlWaitingOnLock("fact_incident")).as("the dead run's merge session lingers").isPresent();
                // the next run starts while that session is still there: it must not be refused (exit 6)
                try (EtlProcess next = EtlProcess.start(env(), logs.resolve("lock-next.log"), RECONCILING_RUN)) {
                    awaitCondition(next, () -> probe.latestRunId() > run ? "started" : null);
                    gate.close();
                    int code = next.awaitExit(Duration.ofMinutes(3));
                    assertThat(code).as("the next run, started while the killed run's session lingered:\n" + next.logTail(30))
                            .isZero();
                }
            }
            assertThat(probe.outcome(run)).as("the killed run's record, after the next run").isEqualTo("abandoned");
        }
        assertThat(probe.outcome(probe.latestRunId())).isEqualTo("succeeded (finished)");
        assertViews("after the run that followed the killed one", truth());
        assertThat(probe.watermarksAheadOfData(definition)).isEmpty();
        assertThat(probe.stagingTables()).isEmpty();
        assertThat(before).as("the source had changed").isNotEqualTo(probe.views());
        report.add("| L | lock | MERGE (lock on dw.fact_incident), run lock held | exit 137, run lock released at once, "
                + "merge session lingering | 'running', then 'abandoned' | next run (a process) started while it lingered: exit 0, "
                + "views = truth | " + Duration.ofNanos(System.nanoTime() - t0).toMillis() / 1000.0 + " |");
    }

    // ------------------------------------------------------------------------------------------------------------
    // the migrations of a first run

    /**
     * Flyway applies each migration in a transaction of its own; whether that transaction also holds the migration's
     * row in etl.flyway_schema_history decides whether a kill between two COMMITs can leave a migration applied but
     * unrecorded, which the next run would apply again (CREATE TABLE on an existing table: every later run fails).
     * The kill point: the first JDBC COMMIT of the ETL process at which V1's tables are already committed (visible
     * to the test), found with a breakpoint on PgConnection.commit() ({@link CommitBreakpoint}).
     */
    @Test
    @Order(4)
    void aFirstRunKilledBetweenTheCommitsOfAMigrationIsFollowedByAWorkingRun() throws Exception {
        long t0 = System.nanoTime();
        probe.reset();
        Path log = logs.resolve("migration-commit.log");
        String[] seen = new String[1];
        try (EtlProcess etl = EtlProcess.start(env(), log, CommitBreakpoint.JVM_OPTIONS, "run")) {
            int passed = CommitBreakpoint.killAt(etl, log, n -> {
                if (!probe.exists("etl.dimension_keys")) {
                    return false; // V1 not committed yet
                }
                long recorded = probe.scalar("SELECT count(*) FROM etl.flyway_schema_history WHERE version = '1'");
                seen[0] = "before commit " + n + ": V1's tables committed, its history row " + (recorded > 0 ? "committed" : "NOT committed");
                return true;
            }, KILL_POINT_TIMEOUT);
            assertThat(passed).as("killed at a commit, after V1 was committed:\n" + etl.logTail(20)).isPositive();
            assertThat(etl.exitValueIfEnded()).as("SIGKILL").isEqualTo(EtlProcess.SIGKILL_EXIT);
        }
        probe.awaitNoEtlBackends(Duration.ofSeconds(60));
        String next;
        try {
            WarehouseRun.execute(request);
            next = "next run succeeded, views = truth";
        } catch (RuntimeException e) {
            next = "next run FAILED: " + e.getMessage().lines().filter(l -> l.contains("ERROR") || l.contains("error"))
                    .findFirst().orElse(e.getMessage().lines().findFirst().orElse(""));
            report.add("| M | migration | JDBC commit after V1's DDL commit (JDWP breakpoint) | " + seen[0] + " | - | " + next + " | |");
            throw new AssertionError("killed " + seen[0] + "; the next run failed (and so will every later one)", e);
        }
        assertViews("after the run that followed the kill", truth());
        assertThat(probe.stagingTables()).isEmpty();
        report.add("| M | migration | JDBC commit after V1's DDL commit (JDWP breakpoint) | " + seen[0] + " | - | " + next
                + " | " + Duration.ofNanos(System.nanoTime() - t0).toMillis() / 1000.0 + " |");
    }

    // ------------------------------------------------------------------------------------------------------------

    interface Condition {
        /** A description of what was seen when the condition holds, else null. */
        String poll() throws Exception;
    }

    /** Polls every 5 ms until the condition holds; fails when the run ends first or it takes too long. */
    private static String awaitCondition(EtlProcess etl, Condition condition) throws Exception {
        long deadline = System.nanoTime() + KILL_POINT_TIMEOUT.toNanos();
        while (true) {
            String seen = condition.poll();
            if (seen != null) {
                return seen;
            }
            if (!etl.isAlive()) {
                throw new AssertionError("the run ended (exit " + etl.exitValueIfEnded() + ") before the condition held:\n"
                        + etl.logTail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + KILL_POINT_TIMEOUT + ":\n" + etl.logTail(40));
            }
            Thread.sleep(5);
        }
    }

    /** Watches one run for its kill point; holds the gate when the kill point is a lock. */
    private static final class Trigger implements AutoCloseable {
        final KillPoint kp;
        final long runBefore;
        /** Requests served to the watched set when its staging table appeared; -1 before. */
        long requestsBefore = -1;
        Gate gate;

        Trigger(KillPoint kp, long runBefore) {
            this.kp = kp;
            this.runBefore = runBefore;
        }

        /** Requests served to the watched set since its staging table exists, 0 before. */
        long requests(long run) throws SQLException {
            if (requestsBefore < 0) {
                if (run <= runBefore || !probe.exists("staging." + kp.stagingTable() + "_r" + run)) {
                    return 0;
                }
                requestsBefore = server.counters().requests(kp.slowSet());
            }
            return server.counters().requests(kp.slowSet()) - requestsBefore;
        }

        String poll() throws Exception {
            long run = probe.latestRunId();
            boolean started = run > runBefore;
            switch (kp.phase()) {
                case MIGRATION -> {
                    if (gate == null && probe.exists("etl.flyway_schema_history")) {
                        gate = Gate.lock(WarehouseProbe.mark(DB.connection()), "etl.flyway_schema_history", "SHARE");
                    }
                    if (started) {
                        throw new AssertionError("the migration ended before the kill point: " + kp.describe());
                    }
                    return gate == null ? null : waitingOn("flyway_schema_history");
                }
                case READ_DIMENSIONS, READ_FACTS, READ_DETAILS -> {
                    long n = requests(run);
                    return n >= kp.threshold() ? kp.slowSet() + " request " + n + " served" : null;
                }
                case COPY -> {
                    long n = requests(run);
                    if (n < kp.threshold()) {
                        return null;
                    }
                    return probe.etlCopying(kp.target()).map(b -> b.shortQuery() + " after " + n + " requests").orElse(null);
                }
                case TASKS_COMMITTED -> {
                    long tasks = started ? probe.runTasks(run) : 0;
                    return tasks >= kp.threshold() ? tasks + " run_tasks rows" : null;
                }
                case KEY_ASSIGNMENT -> {
                    return gated(started, "etl.dimension_keys", "SHARE", "etl.dimension_keys");
                }
                case MERGE -> {
                    return gated(started, "dw." + kp.target(), "SHARE", kp.target());
                }
                case WATERMARKS -> {
                    return gated(started, "etl.watermarks", "SHARE", "etl.watermarks");
                }
                case LEDGER -> {
                    return gated(started, "etl.run_entity_sets", "SHARE", "etl.run_entity_sets");
                }
                case AFTER_COMMIT -> {
                    String staging = "staging." + kp.target() + "_r" + run;
                    if (started && gate == null && probe.exists(staging)) {
                        gate = Gate.lock(WarehouseProbe.mark(DB.connection()), staging, "ACCESS SHARE");
                    }
                    return gate == null ? null : waitingOn("DROP TABLE");
                }
                default -> throw new IllegalStateException(kp.phase().toString());
            }
        }

        private String gated(boolean started, String table, String mode, String fragment) throws Exception {
            if (started && gate == null) {
                gate = Gate.lock(WarehouseProbe.mark(DB.connection()), table, mode);
            }
            return gate == null ? null : waitingOn(fragment);
        }

        private String waitingOn(String fragment) throws SQLException {
            Optional<WarehouseProbe.Backend> b = probe.etlWaitingOnLock(fragment);
            return b.map(x -> "waiting: " + x.shortQuery()).orElse(null);
        }

        @Override
        public void close() throws SQLException {
            if (gate != null) {
                gate.close();
            }
        }
    }

    /**
     * Runs the ETL as a process, SIGKILLs it at the kill point, checks what the kill left, runs the ETL again to the
     * end and checks the warehouse against the source.
     *
     * @param viewsBefore what the bi views held before the killed run (what they must still hold unless it committed)
     */
    private static void killAndRecover(String scenario, KillPoint kp, Map<String, List<String>> viewsBefore,
                                       Runnable betweenKillAndNextRun, RunRequest next, String... args) throws Exception {
        long t0 = System.nanoTime();
        long runBefore = probe.latestRunId();
        Map<String, Instant> watermarksBefore = probe.watermarks();
        String slow = kp.slowSet();
        if (slow != null) {
            server.faults().add(new Fault(Fault.Kind.SLOW, slow, 1_000, 0, 0, null, SLOW_PAGE_MILLIS, 0));
        }
        Path log = logs.resolve(scenario + "-" + kp.number() + ".log");
        String seen;
        boolean lockHeld;
        int exit;
        Duration killedAfter;
        try (EtlProcess etl = EtlProcess.start(env(), log, args); Trigger trigger = new Trigger(kp, runBefore)) {
            seen = awaitCondition(etl, trigger::poll);
            lockHeld = probe.runLockHeld();
            killedAfter = etl.age();
            exit = etl.killHard();
            assertThat(exit).as("SIGKILL at " + kp.describe() + ":\n" + etl.logTail(20)).isEqualTo(EtlProcess.SIGKILL_EXIT);
        } finally {
            server.faults().clear();
        }
        Duration lingered = probe.awaitNoEtlBackends(Duration.ofSeconds(60));
        String where = scenario + " #" + kp.number() + " " + kp.describe() + ", seen: " + seen;

        // what the kill left: the state before the run, or (killed after COMMIT) the run's result; never a mix
        long killedRun = probe.latestRunId() > runBefore ? probe.latestRunId() : 0;
        String killedOutcome = probe.outcome(killedRun);
        List<String> stagingLeft = probe.stagingTables();
        boolean committed = killedOutcome != null && killedOutcome.startsWith("succeeded");
        switch (kp.phase()) {
            case MIGRATION -> assertThat(killedRun).as(where + ": no run recorded before migrating").isZero();
            case AFTER_COMMIT -> assertThat(killedOutcome).as(where).isEqualTo("succeeded (finished)");
            default -> assertThat(killedOutcome).as(where + ": the killed run stays 'running'").isEqualTo("running");
        }
        if (committed) {
            assertViews(where + ", after the kill (committed)", truth());
        } else {
            assertViews(where + ", after the kill (nothing committed)", viewsBefore);
            assertThat(probe.watermarks()).as(where + ": watermarks untouched by a run that did not commit")
                    .isEqualTo(watermarksBefore);
        }
        assertThat(probe.watermarksAheadOfData(definition)).as(where + ": watermarks ahead of the data, after the kill").isEmpty();
        assertThat(probe.runLockHeld()).as(where + ": the run lock after the kill").isFalse();

        betweenKillAndNextRun.run();

        // the next run completes (it would throw RunLockedException if the dead run's lock were still held)
        RunSummary summary = WarehouseRun.execute(next);
        long nextRun = probe.latestRunId();
        assertThat(summary.outcome()).isEqualTo("succeeded");
        assertThat(probe.outcome(nextRun)).as(where).isEqualTo("succeeded (finished)");
        // a run the kill left 'running' is marked abandoned by the next one (which holds the run lock); others stay
        assertThat(probe.outcome(killedRun)).as(where + ": the killed run's record")
                .isEqualTo("running".equals(killedOutcome) ? "abandoned" : killedOutcome);
        assertViews(where + ", after the next run", truth());
        assertThat(probe.watermarksAheadOfData(definition)).as(where + ": watermarks ahead of the data").isEmpty();
        assertThat(probe.watermarks().keySet()).as(where + ": every incremental set has a watermark")
                .containsExactlyInAnyOrderElementsOf(definition.tables().stream().filter(t -> t.isIncremental())
                        .map(t -> t.entitySet()).toList());
        assertThat(probe.stagingTables()).as(where + ": staging tables left after the next run").isEmpty();

        String left = (killedRun == 0 ? "no run recorded" : "run " + killedRun + " '" + killedOutcome + "'")
                + (committed ? ", views = truth" : ", views and watermarks as before") + ", "
                + stagingLeft.size() + " staging tables" + (lingered.toMillis() > 200 ? ", dead sessions gone after "
                + lingered.toMillis() + " ms" : "");
        report.add("| " + kp.number() + " | " + scenario + " | " + kp.describe() + " | " + seen + " (after "
                + killedAfter.toMillis() / 1000.0 + " s, run lock " + (lockHeld ? "held" : "not held") + ") | " + left
                + " | run " + nextRun + " " + summary.entitySets().stream().filter(s -> s.entitySet().equals("Incidents"))
                .findFirst().map(s -> s.readMode() + ", Incidents " + s.rowsRead() + " read").orElse("")
                + ": views = truth | " + Duration.ofNanos(System.nanoTime() - t0).toMillis() / 1000.0 + " |");
        Files.deleteIfExists(log);
    }
}
