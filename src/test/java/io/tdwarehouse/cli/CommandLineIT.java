package io.tdwarehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tdwarehouse.simulator.http.SimulatorServer;
import io.tdwarehouse.simulator.http.Users;
import io.tdwarehouse.simulator.tenant.TenantData;
import io.tdwarehouse.testing.PostgresDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a user drives it: exit codes, dry runs, the run lock. */
class CommandLineIT {
    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();
    @TempDir
    static Path dir;
    private static SimulatorServer server;
    private static Path passwordFile;

    @BeforeAll
    static void start() throws Exception {
        server = SimulatorServer.start("127.0.0.1", 0, new TenantData(5, 300), Users.defaults(), false);
        passwordFile = Files.writeString(dir.resolve("app-password"), "reporting\n");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Result(int exit, String out, String err) {
    }

    static Result execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = TopdeskWarehouse.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private List<String> feedAndWarehouse(String jdbcUrl, Path password) {
        List<String> args = new ArrayList<>(List.of("--topdesk-url", server.serviceRoot().toString(),
                "--topdesk-username", "reporting", "--topdesk-app-password-file", password.toString(),
                "--warehouse-jdbc-url", jdbcUrl, "--warehouse-username", DB.username(), "--max-attempts", "2"));
        if (DB.password() != null) {
            try {
                args.addAll(List.of("--warehouse-password-file", Files.writeString(dir.resolve("db-password"), DB.password()).toString()));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return args;
    }

    private Result run(String... extra) {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(feedAndWarehouse(DB.jdbcUrl(), passwordFile));
        args.addAll(List.of(extra));
        return execute(args.toArray(String[]::new));
    }

    @Test
    void dryRunPrintsThePlanAndWritesNothing() throws Exception {
        Result r = run("--dry-run");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("dry run: nothing is written").contains("Incidents").contains("full")
                .contains("GET " + server.serviceRoot() + "/Incidents?$select=id,");
        try (Connection conn = DB.connection(); Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.schemata WHERE schema_name IN ('dw', 'etl', 'bi')")) {
            rs.next();
            assertThat(rs.getInt(1)).as("a dry run does not even migrate").isZero();
        }
    }

    @Test
    void exitCodesAreTheDocumentedOnes() throws Exception {
        assertThat(execute("run", "--no-such-option").exit()).isEqualTo(ExitCodes.USAGE);
        Result noUrl = execute("run", "--warehouse-jdbc-url", DB.jdbcUrl());
        assertThat(noUrl.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noUrl.err()).contains("topdesk.url is not set").contains("TOPDESK_URL");

        Path wrong = Files.writeString(dir.resolve("wrong"), "not-the-password");
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(feedAndWarehouse(DB.jdbcUrl(), wrong));
        Result unauthorised = execute(args.toArray(String[]::new));
        assertThat(unauthorised.exit()).isEqualTo(ExitCodes.SOURCE);
        assertThat(unauthorised.err()).contains("401").doesNotContain("not-the-password");

        List<String> noWarehouse = new ArrayList<>(List.of("run"));
        noWarehouse.addAll(feedAndWarehouse("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2", passwordFile));
        assertThat(execute(noWarehouse.toArray(String[]::new)).exit()).isEqualTo(ExitCodes.WAREHOUSE);

        Path badDefinition = Files.writeString(dir.resolve("bad.yaml"), """
                dimensions:
                  - name: branch
                    entitySet: Branches
                    columns: {name: name, nickname: nick}
                """);
        Result mismatch = run("--pipeline", badDefinition.toString());
        assertThat(mismatch.exit()).isEqualTo(ExitCodes.DEFINITION);
        assertThat(mismatch.err()).contains("Branches.nickname");
    }

    @Test
    void aSecondRunWhileOneHoldsTheLockExitsAtOnceWith6() throws Exception {
        assertThat(execute("migrate", "--warehouse-jdbc-url", DB.jdbcUrl(), "--warehouse-username", DB.username()).exit()).isZero();
        try (Connection holder = DB.connection(); Statement st = holder.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + io.tdwarehouse.run.RunLock.LOCK_ID + ")");
            long start = System.nanoTime();
            Result locked = run();
            assertThat(locked.exit()).isEqualTo(ExitCodes.LOCKED);
            assertThat(locked.err()).contains("another run holds");
            assertThat((System.nanoTime() - start) / 1_000_000_000).as("it does not wait").isLessThan(20);
        }
        Result afterwards = run();
        assertThat(afterwards.exit()).as(afterwards.err()).isZero();
        assertThat(afterwards.out()).contains("succeeded");
    }
}
