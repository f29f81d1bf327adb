package io.tdwarehouse.cli;

import static io.tdwarehouse.cli.Cli.args;
import static io.tdwarehouse.cli.Cli.execute;
import static io.tdwarehouse.cli.Cli.topdesk;
import static io.tdwarehouse.cli.Cli.warehouse;
import static org.assertj.core.api.Assertions.assertThat;

import io.tdwarehouse.definition.PipelineDefinition;
import io.tdwarehouse.definition.TableDefinition;
import io.tdwarehouse.simulator.http.Fault;
import io.tdwarehouse.simulator.http.SimulatorServer;
import io.tdwarehouse.simulator.http.Users;
import io.tdwarehouse.simulator.tenant.TenantData;
import io.tdwarehouse.testing.PostgresDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code topdesk-warehouse status} on a fresh, a migrated and a loaded warehouse (the tests build on each other). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusCommandIT {
    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();
    @TempDir
    static Path dir;
    private static SimulatorServer server;

    @BeforeAll
    static void start() throws Exception {
        server = SimulatorServer.start("127.0.0.1", 0, new TenantData(13, 200), Users.defaults(), false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Cli.Result status(String... extra) {
        List<String> args = args("status", warehouse(DB, dir));
        args.addAll(List.of(extra));
        return execute(args);
    }

    private static Cli.Result run(String password) {
        return execute(args("run", topdesk(server.serviceRoot().toString(), "reporting", password, dir), warehouse(DB, dir)));
    }

    @Test
    @Order(1)
    void anUnmigratedWarehouseSaysSoAndHowToFixItWith4() {
        Cli.Result r = status();
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.WAREHOUSE);
        assertThat(r.err()).contains("the warehouse at " + DB.jdbcUrl() + " is not migrated")
                .contains("etl.runs").contains("run 'topdesk-warehouse migrate'");
    }

    @Test
    @Order(2)
    void aMigratedWarehouseWithoutRunsSaysNoRunsYet() {
        assertThat(execute(args("migrate", warehouse(DB, dir))).exit()).isZero();
        Cli.Result r = status();
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("Warehouse " + DB.jdbcUrl()).contains("no runs yet");
    }

    @Test
    @Order(3)
    void afterTwoRunsItShowsBothAndEveryEntitySetsWatermarkAndLag() throws Exception {
        Cli.Result first = run("reporting");
        assertThat(first.exit()).as(first.toString()).isZero();
        server.data().mutate("Incidents", 3, 10, 0);
        Cli.Result second = run("reporting");
        assertThat(second.exit()).as(second.toString()).isZero();

        Cli.Result r = status();
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Last 2 runs (newest first):");
        assertThat(r.line("run  started")).contains("duration").contains("mode").contains("outcome").contains("error");
        assertThat(r.line("  2  ")).contains("incremental").contains("succeeded");
        assertThat(r.line("  1  ")).contains("full").contains("succeeded");

        Map<String, String> watermarks = new LinkedHashMap<>();
        try (Connection conn = DB.connection(); Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT entity_set, watermark FROM etl.watermarks")) {
            while (rs.next()) {
                watermarks.put(rs.getString(1), TextTable.utc(rs.getTimestamp(2).toInstant()));
            }
        }
        PipelineDefinition definition = PipelineDefinition.loadDefault();
        assertThat(watermarks.keySet()).containsAll(definition.tables().stream().filter(TableDefinition::isIncremental)
                .map(TableDefinition::entitySet).toList());
        for (TableDefinition t : definition.tables()) {
            String line = r.line(t.entitySet() + " ");
            assertThat(line).contains(t.table()).contains("succeeded");
            if (t.isIncremental()) {
                // watermark, then the lag as people read it ("3d 4h"), then the run that loaded it last
                assertThat(line).as(line).containsPattern(java.util.regex.Pattern.quote(watermarks.get(t.entitySet()))
                        + " +-?\\d+(s|m \\d+s|h \\d+m|d \\d+h) +2 ");
            } else {
                assertThat(line).as(line).containsPattern(t.table() + " +- +- +2 ");
            }
        }
        String incidents = r.line("Incidents ");
        assertThat(incidents).containsPattern(" incremental +\\d+ +\\d+ +0 +succeeded");
    }

    @Test
    @Order(4)
    void aFailedRunIsShownWithItsErrorAndConcernsEveryEntitySet() {
        Cli.Result refused = run("Wrong-Password-7");
        assertThat(refused.exit()).isEqualTo(ExitCodes.SOURCE);

        Cli.Result r = status("--runs", "2");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Last 2 runs (newest first):").doesNotContain("Wrong-Password-7");
        assertThat(r.line("  3  ")).contains("failed").contains("TOPdesk refused the credentials of 'reporting' (HTTP 401");
        assertThat(r.out().lines().filter(l -> l.startsWith("  1  "))).as("only the last 2 runs").isEmpty();
        assertThat(r.line("Incidents ")).containsPattern("succeeded, then run 3 failed +run 3$");
        assertThat(r.out()).contains("Last errors:\n  run 3: TOPdesk refused the credentials of 'reporting' (HTTP 401");
    }

    @Test
    @Order(5)
    void aRunThatFailsWhileReadingRecordsTheSetsItReadAsFailed() {
        server.faults().add(new Fault(Fault.Kind.STATUS, "Changes", 10, 0, 503, 0, 0, 0));
        List<String> args = args("run", topdesk(server.serviceRoot().toString(), "reporting", "reporting", dir), warehouse(DB, dir));
        args.addAll(List.of("--max-attempts", "2"));
        Cli.Result failed = execute(args);
        server.faults().clear();
        assertThat(failed.exit()).as(failed.toString()).isEqualTo(ExitCodes.SOURCE);

        Cli.Result r = status("--runs", "1");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.line("  4  ")).contains("failed").contains("gave up on ");
        assertThat(r.line("Changes ")).containsPattern(" failed +run 4$");
        assertThat(r.out()).containsPattern("Last errors:\n  run 4: gave up on \\S+/Changes\\S* after 2 attempts; last failure: HTTP 503");
    }
}
