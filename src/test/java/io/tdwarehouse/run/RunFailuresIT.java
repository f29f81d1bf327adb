package io.tdwarehouse.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tdwarehouse.definition.DefinitionException;
import io.tdwarehouse.definition.PipelineDefinition;
import io.tdwarehouse.simulator.http.Fault;
import io.tdwarehouse.simulator.http.SimulatorServer;
import io.tdwarehouse.simulator.http.Users;
import io.tdwarehouse.simulator.tenant.TenantData;
import io.tdwarehouse.source.FeedException;
import io.tdwarehouse.source.FeedSettings;
import io.tdwarehouse.source.Secret;
import io.tdwarehouse.testing.PostgresDatabase;
import io.tdwarehouse.warehouse.WarehouseSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Runs that must stop (401, 403, a property the definition needs is missing) or recover (a 503 burst). */
class RunFailuresIT {
    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();
    private static SimulatorServer server;
    private static WarehouseSettings warehouse;

    @BeforeAll
    static void start() throws Exception {
        server = SimulatorServer.start("127.0.0.1", 0, new TenantData(3, 500), Users.defaults(), true);
        warehouse = DB.warehouseSettings();
        io.tdwarehouse.warehouse.Migrations.migrate(warehouse);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clearFaults() {
        server.faults().clear();
    }

    private static RunRequest as(String login, String password) {
        return RunRequest.incremental(FeedSettings.of(server.serviceRoot(), login, Secret.of(password))
                .withRetries(5, Duration.ofMillis(10), Duration.ofMillis(200)), warehouse);
    }

    private static long facts() throws Exception {
        try (Connection conn = DB.connection()) {
            return FullAndIncrementalLoadIT.count(conn, "SELECT count(*) FROM dw.fact_incident");
        }
    }

    @Test
    void wrongPasswordStopsTheRunNamingThePermissionsAndWritesNothing() throws Exception {
        long before = facts();
        assertThatThrownBy(() -> WarehouseRun.execute(as("reporting", "not-the-password")))
                .isInstanceOf(FeedException.class)
                .satisfies(e -> assertThat(((FeedException) e).kind()).isEqualTo(FeedException.Kind.UNAUTHORIZED))
                .hasMessageContaining("401").hasMessageContaining("application password")
                .hasMessageContaining("Advanced Reporting data access")
                .hasMessageNotContaining("not-the-password");
        assertThat(facts()).isEqualTo(before);
    }

    @Test
    void missingReportingPermissionStopsTheRunWith403() {
        assertThatThrownBy(() -> WarehouseRun.execute(as("noreporting", "noreporting")))
                .isInstanceOf(FeedException.class)
                .satisfies(e -> assertThat(((FeedException) e).kind()).isEqualTo(FeedException.Kind.FORBIDDEN))
                .hasMessageContaining("403").hasMessageContaining("Advanced Reporting data access")
                .hasMessageContaining("REST API");
    }

    @Test
    void aPropertyTheDefinitionNeedsButTheTenantLacksIsNamed(@TempDir Path dir) throws Exception {
        long before = facts();
        String yaml = new String(getClass().getClassLoader().getResourceAsStream(PipelineDefinition.DEFAULT_RESOURCE).readAllBytes())
                .replace("majorCall: major_call", "majorCall: major_call, escalationLevel: costs_escalation");
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, yaml);
        RunRequest request = as("reporting", "reporting");
        RunRequest custom = new RunRequest(request.feed(), warehouse, PipelineDefinition.load(file), request.fullRefresh(),
                request.entitySets(), request.overlap(), request.beamArgs(), request.maxRejectedFraction(), request.deletes());
        assertThatThrownBy(() -> WarehouseRun.execute(custom))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("Incidents.escalationLevel");
        assertThat(facts()).isEqualTo(before);
    }

    @Test
    void aBurstOf503IsRetriedAndTheRunSucceeds() throws Exception {
        server.counters().reset();
        server.faults().add(new Fault(Fault.Kind.STATUS, "Incidents", 3, 0, 503, null, 0, 0));
        server.faults().add(new Fault(Fault.Kind.STATUS, "Persons", 2, 0, 429, 0, 0, 0));
        RunSummary summary = WarehouseRun.execute(as("reporting", "reporting"));
        assertThat(summary.of("Incidents").rowsRead()).isEqualTo(500);
        // the three 503s hit whichever Incidents requests came first (the size probe or the read), and were retried
        assertThat(server.counters().responses(503)).isEqualTo(3);
        assertThat(server.counters().requests("Incidents")).isGreaterThanOrEqualTo(4);
        assertThat(facts()).isEqualTo(500);
        assertThat(server.faults().pending()).isEmpty();
    }

    @Test
    void tooLongA503BurstFailsTheRunAndLeavesTheWarehouseAsItWas() throws Exception {
        long before = facts();
        server.faults().add(new Fault(Fault.Kind.STATUS, "Changes", 50, 0, 503, null, 0, 0));
        assertThatThrownBy(() -> WarehouseRun.execute(as("reporting", "reporting").withFullRefresh(RunRequest.ALL)))
                .isInstanceOf(FeedException.class)
                .hasMessageContaining("gave up").hasMessageContaining("503");
        assertThat(facts()).isEqualTo(before);
        try (Connection conn = DB.connection()) {
            assertThat(FullAndIncrementalLoadIT.count(conn, "SELECT count(*) FROM etl.runs WHERE outcome = 'failed'")).isPositive();
            assertThat(FullAndIncrementalLoadIT.count(conn,
                    "SELECT count(*) FROM pg_tables WHERE schemaname = 'staging'")).as("staging is cleaned up").isZero();
        }
    }
}
