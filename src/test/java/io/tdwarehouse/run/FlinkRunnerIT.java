package io.tdwarehouse.run;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same runs on Beam's direct runner and on the Flink runner (Flink 1.19, an embedded {@code [local]} mini
 * cluster, parallelism 2), each into its own database, from one simulated tenant: after the full load and after an
 * incremental run the two warehouses must be the same, and both must hold what the generator implies.
 *
 * <p>Surrogate keys are assigned per database, so they are not compared as numbers: a dimension is compared on all
 * its other columns, and a fact's reference to a dimension on the source id of the member it links to (0, the
 * Unknown member, shows as null).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlinkRunnerIT {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkRunnerIT.class);

    @RegisterExtension
    static final PostgresDatabase DIRECT = new PostgresDatabase();
    @RegisterExtension
    static final PostgresDatabase FLINK = new PostgresDatabase();

    private static final int INCIDENTS = 3_000;
    /** Columns the ETL fills from its own clock: when it wrote or marked a row, which differs from run to run. */
    private static final Set<String> ETL_CLOCK = Set.of("loaded_at", "deleted_at");
    private static final List<String> FLINK_ARGS = List.of("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2");

    private static SimulatorServer server;
    private static TenantData tenant;
    private static RunRequest direct;
    private static RunRequest flink;

    @BeforeAll
    static void start() throws Exception {
        tenant = new TenantData(11, INCIDENTS);
        server = SimulatorServer.start("127.0.0.1", 0, tenant, Users.defaults(), true);
        // several pages per set, so that tasks really page
        FeedSettings feed = FeedSettings.of(server.serviceRoot(), "reporting", Secret.of("reporting"))
                .withPageSize(500).withRetries(4, Duration.ofMillis(10), Duration.ofMillis(100));
        // key reconciliation only when a step asks for it
        RunRequest.Deletes onDemand = new RunRequest.Deletes(false, 0);
        direct = RunRequest.incremental(feed, settings(DIRECT)).withOverlap(Duration.ZERO).withDeletes(onDemand);
        flink = RunRequest.incremental(feed, settings(FLINK)).withOverlap(Duration.ZERO).withDeletes(onDemand)
                .withBeamArgs(FLINK_ARGS);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static WarehouseSettings settings(PostgresDatabase db) {
        return db.warehouseSettings();
    }

    @Test
    @Order(1)
    void fullLoadOnFlinkBuildsTheSameWarehouseAsTheDirectRunner() throws Exception {
        RunSummary onDirect = timed("direct, full load", direct);
        RunSummary onFlink = timed("Flink [local], full load", flink);

        assertThat(onFlink.of("Incidents").readMode()).isEqualTo("full");
        assertThat(onFlink.of("Incidents").rowsRead()).isEqualTo(INCIDENTS);
        assertThat(onFlink.of("Incidents").rowsWritten()).isEqualTo(INCIDENTS);
        assertSameCounts(onDirect, onFlink);
        assertWarehousesEqualAndTrue();
    }

    @Test
    @Order(2)
    void incrementalRunOnFlinkAppliesTheSameChanges() throws Exception {
        tenant.mutate("Incidents", 25, 60, 6);
        tenant.mutate("Changes", 3, 10, 2);
        tenant.mutate("ChangeActivities", 4, 9, 3);
        Row branch = tenant.view(TenantSchema.get("Branches")).row(3);
        tenant.rename("Branches", (UUID) branch.get("id"), "Renamed on both, \"Zuid\"\t✓");
        // the dangling references of the seeded facts point at the next branches to be created: facts get relinked
        tenant.mutate("Branches", 5, 0, 0);

        // incremental, and comparing keys with the feed to find the hard deletes
        RunRequest.Deletes reconcile = new RunRequest.Deletes(true, 0);
        RunSummary onDirect = timed("direct, incremental", direct.withDeletes(reconcile));
        RunSummary onFlink = timed("Flink [local], incremental", flink.withDeletes(reconcile));

        assertThat(onFlink.of("Incidents").readMode()).isEqualTo("incremental");
        assertThat(onFlink.of("Incidents").rowsWritten()).isEqualTo(85);
        assertThat(onFlink.of("IncidentDetails").readMode()).isEqualTo("by-id");
        assertThat(onFlink.of("Incidents").rowsDeleted()).isEqualTo(6);
        assertThat(onFlink.of("ChangeActivities").rowsDeleted()).isEqualTo(3);
        assertThat(onFlink.relinked()).as("late-arriving branches relink facts on Flink too").isPositive();
        assertSameCounts(onDirect, onFlink);
        assertWarehousesEqualAndTrue();
    }

    private static RunSummary timed(String what, RunRequest request) {
        long t0 = System.nanoTime();
        RunSummary summary = WarehouseRun.execute(request);
        LOG.info("{}: {} ms", what, (System.nanoTime() - t0) / 1_000_000);
        assertThat(summary.outcome()).as(what).isEqualTo("succeeded");
        return summary;
    }

    /** Rows read, written, deleted, rejected, dangling per entity set, and facts relinked: the same on both runners. */
    private static void assertSameCounts(RunSummary onDirect, RunSummary onFlink) {
        assertThat(counts(onFlink)).isEqualTo(counts(onDirect));
        assertThat(onFlink.relinked()).isEqualTo(onDirect.relinked());
    }

    private static Map<String, List<Object>> counts(RunSummary summary) {
        Map<String, List<Object>> out = new LinkedHashMap<>();
        for (RunSummary.EntitySetSummary s : summary.entitySets()) {
            out.put(s.entitySet(), List.of(s.readMode(), s.rowsRead(), s.rowsWritten(), s.rowsDeleted(), s.rowsRejected(), s.dangling(),
                    String.valueOf(s.watermarkAfter())));
        }
        return out;
    }

    private static void assertWarehousesEqualAndTrue() throws SQLException {
        Map<String, List<String>> onDirect;
        Map<String, List<String>> onFlink;
        try (Connection conn = DIRECT.connection()) {
            onDirect = snapshot(conn);
        }
        try (Connection conn = FLINK.connection()) {
            onFlink = snapshot(conn);
        }
        assertThat(onFlink.keySet()).isEqualTo(onDirect.keySet());
        for (String table : onDirect.keySet()) {
            assertThat(onFlink.get(table)).as("%s on Flink against the direct runner", table)
                    .containsExactlyElementsOf(onDirect.get(table));
        }
        assertThat(onDirect.get("bi.incidents")).hasSizeGreaterThanOrEqualTo(INCIDENTS);
        assertThat(onDirect.get("etl.watermarks")).isNotEmpty();

        WarehouseTruth truth = new WarehouseTruth(tenant);
        for (PostgresDatabase db : List.of(DIRECT, FLINK)) {
            try (Connection conn = db.connection()) {
                assertThat(WarehouseTruth.read(conn, "bi.incidents", WarehouseTruth.INCIDENT_COLUMNS))
                        .containsExactlyInAnyOrderElementsOf(truth.incidents());
                assertThat(WarehouseTruth.read(conn, "bi.changes", WarehouseTruth.CHANGE_COLUMNS))
                        .containsExactlyInAnyOrderElementsOf(truth.changes());
                assertThat(WarehouseTruth.read(conn, "bi.change_activities", WarehouseTruth.CHANGE_ACTIVITY_COLUMNS))
                        .containsExactlyInAnyOrderElementsOf(truth.changeActivities());
            }
        }
    }

    /**
     * The warehouse as sorted lines per table, free of what legitimately differs between two databases: the bi
     * views (every column), every dw.dim_* and dw.fact_* table (every column but the surrogate keys and the ETL's
     * own timestamps, loaded_at and deleted_at; a reference to a dimension as the source id of the member it links
     * to; is_deleted is compared), and the watermarks.
     */
    private static Map<String, List<String>> snapshot(Connection conn) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String view : List.of("bi.incidents", "bi.changes", "bi.change_activities")) {
            out.put(view, sorted(WarehouseTruth.read(conn, view, String.join(", ", columns(conn, view)))));
        }
        Map<String, String> surrogateKeyOf = surrogateKeys(conn);
        Map<String, Map<String, String[]>> references = dimensionReferences(conn, surrogateKeyOf);
        for (String table : tables(conn)) {
            List<String> select = new ArrayList<>();
            for (String column : columns(conn, table)) {
                String[] ref = references.getOrDefault(table, Map.of()).get(column);
                if (column.equals(surrogateKeyOf.get(table)) || ETL_CLOCK.contains(column)) {
                    continue;
                } else if (ref != null) {
                    select.add("(SELECT d.source_id FROM " + ref[0] + " d WHERE d." + ref[1] + " = t." + column + ") AS "
                            + column + "_member");
                } else {
                    select.add("t." + column);
                }
            }
            out.put(table, sorted(WarehouseTruth.read(conn, table + " t", String.join(", ", select))));
        }
        out.put("etl.watermarks", sorted(WarehouseTruth.read(conn, "etl.watermarks", "entity_set, watermark")));
        return out;
    }

    private static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        copy.sort(null);
        return copy;
    }

    /** dw.dim_* and dw.fact_* tables, by qualified name; not dim_date, which the migration fills, not a run. */
    private static List<String> tables(Connection conn) throws SQLException {
        return strings(conn, "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema = 'dw'"
                + " AND table_type = 'BASE TABLE' AND (table_name LIKE 'dim\\_%' OR table_name LIKE 'fact\\_%')"
                + " AND table_name <> 'dim_date' ORDER BY 1", null);
    }

    private static List<String> columns(Connection conn, String qualified) throws SQLException {
        String[] parts = qualified.split("\\.");
        return strings(conn, "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
                + " ORDER BY ordinal_position", parts);
    }

    /** dw.dim_* table → its surrogate key column (its primary key); dim_date's yyyymmdd key is not surrogate. */
    private static Map<String, String> surrogateKeys(Connection conn) throws SQLException {
        Map<String, String> out = new HashMap<>();
        for (String row : strings(conn, "SELECT c.conrelid::regclass::text || ' ' || a.attname FROM pg_constraint c"
                + " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
                + " WHERE c.contype = 'p' AND c.connamespace = 'dw'::regnamespace", null)) {
            String[] p = row.split(" ");
            if (p[0].startsWith("dw.dim_") && !p[0].equals("dw.dim_date")) {
                out.put(p[0], p[1]);
            }
        }
        return out;
    }

    /** table → column → {dimension table, its key column}, for every foreign key onto a surrogate key. */
    private static Map<String, Map<String, String[]>> dimensionReferences(Connection conn, Map<String, String> surrogateKeyOf)
            throws SQLException {
        Map<String, Map<String, String[]>> out = new HashMap<>();
        for (String row : strings(conn, "SELECT c.conrelid::regclass::text || ' ' || a.attname || ' '"
                + " || c.confrelid::regclass::text || ' ' || af.attname FROM pg_constraint c"
                + " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
                + " JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]"
                + " WHERE c.contype = 'f' AND c.connamespace = 'dw'::regnamespace", null)) {
            String[] p = row.split(" ");
            if (p[3].equals(surrogateKeyOf.get(p[2]))) {
                out.computeIfAbsent(p[0], k -> new HashMap<>()).put(p[1], new String[] {p[2], p[3]});
            }
        }
        return out;
    }

    private static List<String> strings(Connection conn, String sql, String[] params) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; params != null && i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
