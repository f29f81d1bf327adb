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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pipeline end to end, as a sequence of runs against one warehouse: a full load, changes, incremental runs.
 * After every run the bi views must equal what the simulator's generator implies.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FullAndIncrementalLoadIT {
    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();
    private static final int INCIDENTS = 3_000;
    private static SimulatorServer server;
    private static TenantData tenant;
    private static RunRequest request;

    @BeforeAll
    static void start() throws Exception {
        tenant = new TenantData(7, INCIDENTS);
        server = SimulatorServer.start("127.0.0.1", 0, tenant, Users.defaults(), true);
        // small pages: many rows sharing a modificationDate straddle page boundaries
        FeedSettings feed = FeedSettings.of(server.serviceRoot(), "reporting", Secret.of("reporting"))
                .withPageSize(97).withRetries(4, Duration.ofMillis(10), Duration.ofMillis(100));
        WarehouseSettings warehouse = DB.warehouseSettings();
        request = RunRequest.incremental(feed, warehouse).withOverlap(Duration.ZERO);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertViewsMatchTheSource() throws SQLException {
        try (Connection conn = DB.connection()) {
            new WarehouseTruth(tenant).assertViewsMatch(conn);
        }
    }

    @Test
    @Order(1)
    void firstRunIsAFullLoadAndTheViewsHoldExactlyTheSource() throws Exception {
        RunSummary summary = WarehouseRun.execute(request);
        assertThat(summary.of("Incidents").readMode()).isEqualTo("full");
        assertThat(summary.of("Incidents").rowsRead()).isEqualTo(INCIDENTS);
        assertThat(summary.of("Incidents").rowsWritten()).isEqualTo(INCIDENTS);
        assertThat(summary.of("Incidents").dangling()).as("dangling references are seen and counted").isPositive();
        assertViewsMatchTheSource();
        try (Connection conn = DB.connection()) {
            assertThat(count(conn, "SELECT count(*) FROM bi.incidents WHERE branch_name = 'Unknown'"))
                    .as("null and dangling branches land on the Unknown member").isPositive();
            assertThat(count(conn, "SELECT count(*) FROM etl.runs WHERE outcome = 'succeeded'")).isEqualTo(1);
            assertThat(count(conn, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'dw.fact_incident'::regclass AND contype = 'f'"))
                    .as("the foreign keys BI tools discover relations from are still there after a bulk merge").isEqualTo(14);
        }
    }

    @Test
    @Order(2)
    void incrementalRunLoadsChangesRenamesAndCreationsAndFetchesOnlyThem() throws Exception {
        TenantData.Mutation incidents = tenant.mutate("Incidents", 25, 60, 0);
        tenant.mutate("Changes", 3, 10, 0);
        tenant.mutate("ChangeActivities", 4, 9, 0);
        Row branch = tenant.view(TenantSchema.get("Branches")).row(4);
        tenant.rename("Branches", (UUID) branch.get("id"), "Renamed branch, \"Noord\"\t✓");
        Row category = tenant.view(TenantSchema.get("Categories")).row(2);
        tenant.rename("Categories", (UUID) category.get("id"), "Renamed category");
        server.counters().reset();

        RunSummary summary = WarehouseRun.execute(request);

        assertThat(summary.of("Incidents").readMode()).isEqualTo("incremental");
        assertThat(summary.of("Incidents").rowsWritten()).isEqualTo(85);
        assertThat(summary.of("IncidentDetails").readMode()).isEqualTo("by-id");
        long served = server.counters().rows("Incidents");
        assertThat(served).as("an incremental run fetches the changed rows (plus those sharing the watermark), not the set")
                .isGreaterThanOrEqualTo(85).isLessThan(INCIDENTS / 10);
        assertThat(server.counters().rows("IncidentDetails")).as("details only of the rows that are new or changed").isEqualTo(85);
        assertThat(incidents.updated()).hasSize(60);
        assertViewsMatchTheSource();
        try (Connection conn = DB.connection()) {
            assertThat(count(conn, "SELECT count(*) FROM bi.incidents WHERE branch_name = 'Renamed branch, \"Noord\"\t✓'"))
                    .isPositive();
            assertThat(count(conn, "SELECT count(*) FROM bi.incidents WHERE category_name = 'Renamed category'")).isPositive();
        }
    }

    @Test
    @Order(3)
    void rerunWithoutChangesChangesNothingAndFetchesAlmostNothing() throws Exception {
        List<String> before;
        try (Connection conn = DB.connection()) {
            before = WarehouseTruth.read(conn, "bi.incidents", WarehouseTruth.INCIDENT_COLUMNS);
        }
        server.counters().reset();
        RunSummary summary = WarehouseRun.execute(request);
        assertThat(summary.entitySets()).allSatisfy(s -> assertThat(s.rowsWritten()).as(s.entitySet()).isZero());
        assertThat(server.counters().rows("Incidents")).as("only the rows at the watermark itself").isLessThan(100);
        assertThat(server.counters().requests("IncidentDetails")).as("nothing changed: no details to fetch").isZero();
        try (Connection conn = DB.connection()) {
            assertThat(WarehouseTruth.read(conn, "bi.incidents", WarehouseTruth.INCIDENT_COLUMNS))
                    .containsExactlyInAnyOrderElementsOf(before);
        }
        assertViewsMatchTheSource();
    }

    @Test
    @Order(4)
    void lateArrivingBranchRelinksTheFactsThatPointedAtIt() throws Exception {
        long unknownBefore;
        try (Connection conn = DB.connection()) {
            unknownBefore = count(conn, "SELECT count(*) FROM dw.fact_incident WHERE branch_key = 0 AND branch_id IS NOT NULL")
                    + count(conn, "SELECT count(*) FROM dw.fact_change WHERE branch_key = 0 AND branch_id IS NOT NULL");
        }
        assertThat(unknownBefore).as("some incidents point at branches the feed did not deliver").isPositive();
        // the dangling references point at the ids of the next branches to be created
        tenant.mutate("Branches", 5, 0, 0);
        RunSummary summary = WarehouseRun.execute(request);
        assertThat(summary.relinked()).isEqualTo(unknownBefore);
        try (Connection conn = DB.connection()) {
            assertThat(count(conn, "SELECT count(*) FROM dw.fact_incident WHERE branch_key = 0 AND branch_id IS NOT NULL")).isZero();
            assertThat(count(conn, "SELECT count(*) FROM dw.fact_change WHERE branch_key = 0 AND branch_id IS NOT NULL")).isZero();
        }
        assertViewsMatchTheSource();
    }

    @Test
    @Order(5)
    void fullRefreshReloadsFromScratchAndAgreesWithTheSource() throws Exception {
        tenant.mutate("Incidents", 0, 40, 0);
        RunSummary summary = WarehouseRun.execute(request.withFullRefresh(java.util.Set.of("Incidents")));
        assertThat(summary.of("Incidents").readMode()).isEqualTo("full");
        assertThat(summary.of("Branches").readMode()).isEqualTo("incremental");
        assertViewsMatchTheSource();
    }

    @Test
    @Order(6)
    void rowsSharingAModificationDateAcrossPageAndRunBoundariesAreAllLoaded() throws Exception {
        // 250 rows with one modificationDate, read 97 to a page: the second they share spans three pages
        TenantData.Mutation bulk = tenant.mutate("Incidents", 0, 250, 0);
        WarehouseRun.execute(request);
        String second = bulk.modificationDate().toInstant().toString();
        try (Connection conn = DB.connection()) {
            assertThat(count(conn, "SELECT count(*) FROM bi.incidents WHERE modification_date = '" + second + "'"))
                    .isEqualTo(250);
        }
        // then more rows are written in that same second, after the run saw it: the watermark is that second, and
        // the next run (with no overlap at all) must still pick them up
        TenantData.Mutation late = tenant.mutate("Incidents", 7, 5, 0, true);
        assertThat(late.modificationDate()).isEqualTo(bulk.modificationDate());
        RunSummary summary = WarehouseRun.execute(request);
        assertThat(summary.of("Incidents").rowsWritten()).isEqualTo(12);
        try (Connection conn = DB.connection()) {
            assertThat(count(conn, "SELECT count(*) FROM bi.incidents WHERE modification_date = '" + second + "'"))
                    .isEqualTo(262);
        }
        assertViewsMatchTheSource();
    }

    static long count(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
