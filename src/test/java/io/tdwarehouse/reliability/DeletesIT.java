package io.tdwarehouse.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tdwarehouse.run.RunRequest;
import io.tdwarehouse.run.RunSummary;
import io.tdwarehouse.run.WarehouseRun;
import io.tdwarehouse.simulator.http.SimulatorServer;
import io.tdwarehouse.simulator.http.Users;
import io.tdwarehouse.simulator.tenant.TenantData;
import io.tdwarehouse.source.FeedSettings;
import io.tdwarehouse.source.Secret;
import io.tdwarehouse.testing.PostgresDatabase;
import io.tdwarehouse.testing.WarehouseTruth;
import io.tdwarehouse.warehouse.WarehouseException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hard deletes: found by key reconciliation (on demand, every N runs, on a full load), kept, hidden from bi. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeletesIT {
    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();
    private static SimulatorServer server;
    private static TenantData tenant;
    private static RunRequest request;

    @BeforeAll
    static void start() throws Exception {
        tenant = new TenantData(13, 1_500);
        server = SimulatorServer.start("127.0.0.1", 0, tenant, Users.defaults(), false);
        request = RunRequest.incremental(FeedSettings.of(server.serviceRoot(), "reporting", Secret.of("reporting"))
                        .withPageSize(250),
                DB.warehouseSettings())
                .withDeletes(new RunRequest.Deletes(false, 0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static long count(String sql) throws SQLException {
        try (Connection conn = DB.connection(); Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void assertViewsMatchTheSource() throws SQLException {
        try (Connection conn = DB.connection()) {
            new WarehouseTruth(tenant).assertViewsMatch(conn);
        }
    }

    @Test
    @Order(1)
    void hardDeletesAreFoundOnDemandMarkedKeptAndHidden() throws Exception {
        WarehouseRun.execute(request);
        assertThat(count("SELECT count(*) FROM bi.incidents WHERE status LIKE '%Archived'"))
                .as("archived incidents stay visible with their status").isPositive();
        tenant.mutate("Incidents", 0, 3, 7);
        tenant.mutate("Changes", 0, 0, 2);
        tenant.mutate("ChangeActivities", 0, 0, 5);

        RunSummary plain = WarehouseRun.execute(request);
        assertThat(plain.of("Incidents").rowsDeleted()).isZero();
        assertThat(count("SELECT count(*) FROM bi.incidents")).as("an incremental read cannot see deletes").isEqualTo(1_500);

        RunSummary reconciled = WarehouseRun.execute(request.withDeletes(new RunRequest.Deletes(true, 0)));
        assertThat(reconciled.of("Incidents").rowsDeleted()).isEqualTo(7);
        assertThat(reconciled.of("Changes").rowsDeleted()).isEqualTo(2);
        assertThat(reconciled.of("ChangeActivities").rowsDeleted()).isEqualTo(5);
        assertViewsMatchTheSource();
        assertThat(count("SELECT count(*) FROM dw.fact_incident WHERE is_deleted AND deleted_at IS NOT NULL"))
                .as("kept for history").isEqualTo(7);
        assertThat(count("SELECT count(*) FROM dw.fact_incident")).isEqualTo(1_500);
        assertThat(count("SELECT count(*) FROM etl.runs WHERE reconciled")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM pg_tables WHERE schemaname = 'staging'")).isZero();
    }

    @Test
    @Order(2)
    void reconciliationRunsByItselfEveryNRuns() throws Exception {
        tenant.mutate("Incidents", 2, 0, 4);
        RunRequest everyTwo = request.withDeletes(new RunRequest.Deletes(false, 2));
        RunSummary first = WarehouseRun.execute(everyTwo);
        assertThat(first.of("Incidents").rowsDeleted()).isZero();
        RunSummary second = WarehouseRun.execute(everyTwo);
        assertThat(second.of("Incidents").rowsDeleted()).isEqualTo(4);
        assertViewsMatchTheSource();
    }

    @Test
    @Order(3)
    void aFullRefreshAlsoMarksWhatIsGoneAndKeepsIt() throws Exception {
        tenant.mutate("Changes", 0, 0, 3);
        RunSummary full = WarehouseRun.execute(request.withFullRefresh(java.util.Set.of("Changes")));
        assertThat(full.of("Changes").rowsDeleted()).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM dw.fact_change WHERE is_deleted")).isEqualTo(5);
        assertViewsMatchTheSource();
    }

    @Test
    @Order(4)
    void aReconciliationThatWouldDeleteMostOfATableIsRefusedAndChangesNothing() throws Exception {
        long before = count("SELECT count(*) FROM bi.change_activities");
        long live = count("SELECT count(*) FROM dw.fact_change_activity WHERE NOT is_deleted");
        tenant.mutate("ChangeActivities", 0, 0, (int) (live * 0.7));
        assertThatThrownBy(() -> WarehouseRun.execute(request.withDeletes(new RunRequest.Deletes(true, 0))))
                .isInstanceOf(WarehouseException.class).hasMessageContaining("refusing to mark")
                .hasMessageContaining("filters");
        assertThat(count("SELECT count(*) FROM bi.change_activities")).isEqualTo(before);
    }
}
