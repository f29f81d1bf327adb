package io.tdwarehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tdwarehouse.simulator.http.Fault;
import io.tdwarehouse.simulator.http.SimulatorServer;
import io.tdwarehouse.simulator.http.Users;
import io.tdwarehouse.simulator.tenant.TenantData;
import io.tdwarehouse.testing.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passwords given by environment or file show up in no output of any command, failing ones included, nor in the
 * run history; and no command takes a password as a flag's value (the process list is readable by every user).
 * Runs the built jar as a user would, with its logs.
 */
class SecretsDoNotLeakIT {
    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();
    @TempDir
    static Path dir;
    private static final String SECRET = "canary-" + UUID.randomUUID();
    private static final String WRONG = "wrong-canary-" + UUID.randomUUID();
    private static final String DB_SECRET = "db-canary-" + UUID.randomUUID();
    private static SimulatorServer server;
    private static final List<String> outputs = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = SimulatorServer.start("127.0.0.1", 0, new TenantData(9, 200), new Users().add("etl:" + SECRET), true);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, String> env(String password) {
        Map<String, String> env = new HashMap<>();
        env.put("TOPDESK_URL", server.serviceRoot().toString());
        env.put("TOPDESK_USERNAME", "etl");
        env.put("TOPDESK_APP_PASSWORD", password);
        env.put("TOPDESK_MAX_ATTEMPTS", "2");
        env.put("WAREHOUSE_JDBC_URL", DB.jdbcUrl());
        env.put("WAREHOUSE_USERNAME", DB.username());
        // the local server trusts connections, so a wrong warehouse password still connects: it must not show anyway
        env.put("WAREHOUSE_PASSWORD", DB.password() != null ? DB.password() : DB_SECRET);
        return env;
    }

    private static int cli(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar",
                System.getenv().getOrDefault("SIMULATOR_JAR", "target/topdesk-warehouse.jar")));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        outputs.add(String.join(" ", args) + " -> " + p.exitValue() + "\n" + output);
        return p.exitValue();
    }

    @Test
    void noCommandPrintsAPasswordAndNoneTakesOneAsAFlag() throws Exception {
        assertThat(cli(env(SECRET), "migrate")).isZero();
        assertThat(cli(env(SECRET), "run", "--dry-run")).isZero();
        assertThat(cli(env(SECRET), "run")).isZero();
        assertThat(cli(env(WRONG), "run")).isEqualTo(ExitCodes.SOURCE);
        Path file = Files.writeString(dir.resolve("pw"), WRONG + "\n");
        Map<String, String> fromFile = env(SECRET);
        fromFile.remove("TOPDESK_APP_PASSWORD");
        fromFile.put("TOPDESK_APP_PASSWORD_FILE", file.toString());
        assertThat(cli(fromFile, "run")).isEqualTo(ExitCodes.SOURCE);
        server.faults().add(new Fault(Fault.Kind.STATUS, "Incidents", 10, 0, 503, 0, 0, 0));
        assertThat(cli(env(SECRET), "run", "--full-refresh")).isEqualTo(ExitCodes.SOURCE);
        server.faults().clear();
        Map<String, String> noWarehouse = env(SECRET);
        noWarehouse.put("WAREHOUSE_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");
        assertThat(cli(noWarehouse, "run")).isEqualTo(ExitCodes.WAREHOUSE);
        for (String command : List.of("status", "check")) {
            if (TopdeskWarehouse.commandLine().getSubcommands().containsKey(command)) {
                cli(env(SECRET), command);
                cli(env(WRONG), command);
            }
        }

        String authHeader = Base64.getEncoder().encodeToString(("etl:" + SECRET).getBytes(StandardCharsets.UTF_8));
        for (String output : outputs) {
            assertThat(output).doesNotContain(SECRET).doesNotContain(WRONG).doesNotContain(DB_SECRET).doesNotContain(authHeader);
        }
        assertThat(String.join("\n", outputs)).contains("401").contains("503");
        try (Connection conn = DB.connection(); Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT coalesce(string_agg(error, ' '), '') FROM etl.runs")) {
            rs.next();
            assertThat(rs.getString(1)).contains("401").doesNotContain(SECRET).doesNotContain(WRONG);
        }
    }

    @Test
    void optionsNamingAPasswordTakeAFileNeverTheValue() {
        Pattern option = Pattern.compile("--[a-z-]*password[a-z-]*");
        for (var sub : TopdeskWarehouse.commandLine().getSubcommands().values()) {
            for (var o : sub.getCommandSpec().options()) {
                for (String name : o.names()) {
                    Matcher m = option.matcher(name);
                    if (m.matches()) {
                        assertThat(name).as(sub.getCommandName() + " " + name).endsWith("-file");
                    }
                }
            }
        }
    }
}
