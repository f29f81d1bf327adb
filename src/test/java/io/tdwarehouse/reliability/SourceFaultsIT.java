package io.tdwarehouse.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tdwarehouse.run.RunRequest;
import io.tdwarehouse.run.RunSummary;
import io.tdwarehouse.run.WarehouseRun;
import io.tdwarehouse.simulator.http.Fault;
import io.tdwarehouse.simulator.http.SimulatorServer;
import io.tdwarehouse.simulator.http.Users;
import io.tdwarehouse.simulator.tenant.TenantData;
import io.tdwarehouse.source.FeedException;
import io.tdwarehouse.source.FeedSettings;
import io.tdwarehouse.source.Secret;
import io.tdwarehouse.testing.PostgresDatabase;
import io.tdwarehouse.testing.WarehouseTruth;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults of the feed during a run: each is retried within bounds (and the run's result is exactly the source), or
 * ends the run with a clear error that commits nothing for any set.
 */
class SourceFaultsIT {
    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();
    private static SimulatorServer server;
    private static TenantData tenant;
    private static RunRequest request;

    @BeforeAll
    static void start() throws Exception {
        tenant = new TenantData(17, 1_200);
        server = SimulatorServer.start("127.0.0.1", 0, tenant, Users.defaults(), true);
        request = RunRequest.incremental(FeedSettings.of(server.serviceRoot(), "reporting", Secret.of("reporting"))
                        .withPageSize(300).withRetries(4, Duration.ofMillis(20), Duration.ofMillis(200))
                        .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(1_500)),
                DB.warehouseSettings())
                .withFullRefresh(RunRequest.ALL);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clear() {
        server.faults().clear();
    }

    private static long count(String sql) throws SQLException {
        try (Connection conn = DB.connection(); Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void assertWarehouseIsTheSource() throws SQLException {
        try (Connection conn = DB.connection()) {
            assertThat(WarehouseTruth.read(conn, "bi.incidents", WarehouseTruth.INCIDENT_COLUMNS))
                    .containsExactlyInAnyOrderElementsOf(new WarehouseTruth(tenant).incidents());
        }
    }

    private static Fault fault(Fault.Kind kind, int count, int afterRequests, int status, Integer retryAfter, int delay, int afterRows) {
        return new Fault(kind, "Incidents", count, afterRequests, status, retryAfter, delay, afterRows);
    }

    @Test
    void transientFaultsAreRetriedAndTheResultIsExactlyTheSource() throws Exception {
        WarehouseRun.execute(request);
        // each case reloads Incidents alone (the dimensions are loaded): enough pages for faults to land mid-set
        RunRequest incidentsOnly = request.withEntitySets(java.util.Set.of("Incidents"));
        List<Fault> transients = List.of(
                fault(Fault.Kind.STATUS, 2, 2, 429, 1, 0, 0),          // throttled, with Retry-After
                fault(Fault.Kind.STATUS, 2, 3, 429, null, 0, 0),       // throttled, without
                fault(Fault.Kind.STATUS, 1, 1, 500, null, 0, 0),
                fault(Fault.Kind.STATUS, 1, 2, 502, null, 0, 0),
                fault(Fault.Kind.STATUS, 2, 4, 503, null, 0, 0),
                fault(Fault.Kind.SLOW, 1, 3, 0, null, 2_500, 0),       // longer than the read timeout
                fault(Fault.Kind.CUT, 2, 2, 0, null, 0, 50),           // connection dropped mid-body
                fault(Fault.Kind.TRUNCATE, 1, 1, 0, null, 0, 30));     // a page that is not valid JSON
        for (Fault f : transients) {
            server.faults().clear();
            server.faults().add(f);
            RunSummary summary = WarehouseRun.execute(incidentsOnly);
            assertThat(server.faults().pending()).as(f + " was served").isEmpty();
            long live = tenant.view(io.tdwarehouse.simulator.tenant.TenantSchema.get("Incidents")).rows().size();
            assertThat(summary.of("Incidents").rowsRead()).as(f.toString()).isEqualTo(live);
            assertThat(summary.of("Incidents").requests()).as(f + ": retried").isGreaterThan(summary.of("IncidentDetails").requests());
            assertThat(count("SELECT count(*) FROM dw.fact_incident")).isEqualTo(live);
        }
        assertWarehouseIsTheSource();
    }

    @Test
    void persistentFaultsEndTheRunClearlyAndCommitNothing() throws Exception {
        WarehouseRun.execute(request);
        long factsBefore = count("SELECT count(*) FROM dw.fact_incident");
        long runsBefore = count("SELECT count(*) FROM etl.runs WHERE outcome = 'succeeded'");
        String watermarks = watermarks();
        tenant.mutate("Incidents", 10, 20, 0);
        tenant.mutate("Changes", 0, 5, 0);
        RunRequest incremental = request.withFullRefresh(java.util.Set.of());
        record Case(Fault fault, String message) {
        }
        for (Case c : List.of(
                new Case(fault(Fault.Kind.STATUS, 50, 0, 503, null, 0, 0), "503"),
                new Case(fault(Fault.Kind.CUT, 50, 0, 0, null, 0, 5), "gave up"),
                new Case(fault(Fault.Kind.TRUNCATE, 50, 0, 0, null, 0, 5), "gave up"),
                new Case(fault(Fault.Kind.LOOP, 50, 0, 0, null, 0, 0), "loops back"))) {
            server.faults().clear();
            server.faults().add(c.fault());
            assertThatThrownBy(() -> WarehouseRun.execute(incremental)).as(c.fault().toString())
                    .isInstanceOf(FeedException.class).hasMessageContaining(c.message());
            // nothing of the run is committed, for Incidents nor for the sets that were read without faults
            assertThat(watermarks()).isEqualTo(watermarks);
            assertThat(count("SELECT count(*) FROM etl.runs WHERE outcome = 'succeeded'")).isEqualTo(runsBefore);
            assertThat(count("SELECT count(*) FROM dw.fact_incident")).isEqualTo(factsBefore);
            assertThat(count("SELECT count(*) FROM pg_tables WHERE schemaname = 'staging'")).isZero();
        }
        server.faults().clear();
        WarehouseRun.execute(incremental);
        assertWarehouseIsTheSource();
    }

    private static String watermarks() throws SQLException {
        try (Connection conn = DB.connection(); Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT string_agg(entity_set || '=' || watermark, ',' ORDER BY entity_set) FROM etl.watermarks")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
