package io.tdwarehouse.cli;

import static io.tdwarehouse.cli.Cli.args;
import static io.tdwarehouse.cli.Cli.execute;
import static io.tdwarehouse.cli.Cli.topdesk;
import static io.tdwarehouse.cli.Cli.warehouse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.tdwarehouse.simulator.http.SimulatorServer;
import io.tdwarehouse.simulator.http.Users;
import io.tdwarehouse.simulator.tenant.TenantData;
import io.tdwarehouse.testing.PostgresDatabase;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code topdesk-warehouse check} as a user runs it: one line per check, the exit code of the first failure. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CheckCommandIT {
    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();
    @TempDir
    static Path dir;
    private static SimulatorServer server;

    @BeforeAll
    static void start() throws Exception {
        server = SimulatorServer.start("127.0.0.1", 0, new TenantData(11, 200), Users.defaults(), false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Cli.Result check(String login, String password, String... extra) {
        List<String> args = args("check", topdesk(server.serviceRoot().toString(), login, password, dir), warehouse(DB, dir));
        args.addAll(List.of(extra));
        return execute(args);
    }

    @Test
    @Order(1)
    void aFreshWarehouseFailsTheMigratedCheckWith4AndPassesAfterMigrate() {
        Cli.Result fresh = check("reporting", "reporting");
        assertThat(fresh.exit()).as(fresh.toString()).isEqualTo(ExitCodes.WAREHOUSE);
        assertThat(fresh.line("OK  TOPdesk reachable at 127.0.0.1:" + server.port()));
        assertThat(fresh.line("OK  $metadata readable")).contains(io.tdwarehouse.simulator.tenant.TenantSchema.entitySets().size() + " entity sets");
        assertThat(fresh.line("OK  the tenant's $metadata has every entity set and property the pipeline definition needs"));
        assertThat(fresh.line("OK  warehouse reachable at " + DB.jdbcUrl()));
        assertThat(fresh.line("FAIL warehouse migrated: ")).contains("pending").contains("run 'topdesk-warehouse migrate'");
        assertThat(fresh.line("SKIP warehouse tables match the pipeline definition")).contains("not migrated");
        assertThat(fresh.out()).contains("1 of ").contains("exit code 4");

        Cli.Result migrate = execute(args("migrate", warehouse(DB, dir)));
        assertThat(migrate.exit()).as(migrate.toString()).isZero();

        Cli.Result migrated = check("reporting", "reporting");
        assertThat(migrated.exit()).as(migrated.toString()).isZero();
        assertThat(migrated.line("OK  warehouse migrated"));
        assertThat(migrated.line("OK  warehouse tables match the pipeline definition"));
    }

    @Test
    @Order(2)
    void goodCredentialsPassEveryCheck() {
        assertThat(execute(args("migrate", warehouse(DB, dir))).exit()).isZero();
        Cli.Result r = check("reporting", "reporting");
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines.subList(0, lines.size() - 1)).allSatisfy(l -> assertThat(l).startsWith("OK  "));
        assertThat(lines).hasSizeGreaterThanOrEqualTo(13);
        assertThat(lines.get(lines.size() - 1)).matches("all \\d+ checks passed");
        assertThat(r.line("OK  TOPdesk URL '" + server.serviceRoot() + "' (flag --topdesk-url)"));
        assertThat(r.line("OK  TOPdesk login name 'reporting'"));
        assertThat(r.line("OK  TOPdesk application password (from the file "));
        assertThat(r.line("OK  pipeline definition 'topdesk-reporting', built in"));
        assertThat(r.line("OK  TOPdesk accepts the login 'reporting'"));
        assertThat(r.line("OK  reporting permission ('Advanced Reporting data access')"));
        assertThat(r.line("OK  warehouse migrated"));
        assertThat(r.line("OK  warehouse tables match the pipeline definition"));
        assertThat(r.err()).isEmpty();
    }

    @Test
    @Order(3)
    void aWrongPasswordFailsTheLoginCheckWith401AndTheWarehouseIsStillChecked() {
        Cli.Result r = check("reporting", "Not-The-Password-42");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.SOURCE);
        assertThat(r.line("OK  TOPdesk reachable"));
        assertThat(r.line("FAIL TOPdesk accepts the login 'reporting' and its application password: "))
                .contains("401").contains("the login name or the application password is wrong")
                .contains("'API access > REST API' (read)").contains("'Use application passwords' (write)")
                .contains("'Advanced Reporting data access' (read)");
        assertThat(r.line("SKIP reporting permission"));
        assertThat(r.line("SKIP $metadata readable"));
        assertThat(r.line("OK  warehouse reachable"));
        assertThat(r.out() + r.err()).doesNotContain("Not-The-Password-42");
    }

    @Test
    @Order(4)
    void anAccountWithoutTheReportingPermissionFailsWith403() {
        Cli.Result r = check("noreporting", "noreporting");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.SOURCE);
        assertThat(r.line("OK  TOPdesk accepts the login 'noreporting'"));
        assertThat(r.line("FAIL reporting permission ('Advanced Reporting data access'): "))
                .contains("403").contains("lacks the permission 'Advanced Reporting data access' (read)")
                .contains("ask a TOPdesk administrator");
        assertThat(r.line("SKIP $metadata readable"));
    }

    @Test
    @Order(5)
    void anUnreachableHostFailsFastWith3() {
        long start = System.nanoTime();
        List<String> args = args("check", topdesk("http://127.0.0.1:1", "reporting", "reporting", dir), warehouse(DB, dir));
        Cli.Result r = execute(args);
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.SOURCE);
        assertThat(r.line("FAIL TOPdesk reachable at 127.0.0.1:1: "))
                .contains("the host 127.0.0.1:1 is unreachable").contains("nothing accepts connections").contains("check topdesk.url");
        assertThat(r.line("SKIP TOPdesk accepts the login")).contains("not reachable");
        assertThat(r.line("OK  warehouse migrated"));
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).as("check answers fast").isLessThan(15);
    }

    @Test
    @Order(6)
    void aCertificateThatCannotBeVerifiedNamesTheTrustStore() throws Exception {
        HttpsServer https = selfSignedServer();
        try {
            List<String> args = args("check", topdesk("https://127.0.0.1:" + https.getAddress().getPort(), "reporting", "reporting", dir),
                    warehouse(DB, dir));
            Cli.Result r = execute(args);
            assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.SOURCE);
            assertThat(r.line("FAIL TOPdesk reachable at 127.0.0.1:"))
                    .contains("the TLS certificate of 127.0.0.1 could not be verified")
                    .contains("-Djavax.net.ssl.trustStore=");
        } finally {
            https.stop(0);
        }
    }

    @Test
    @Order(7)
    void aSetOrPropertyTheTenantLacksIsNamedWith7() throws Exception {
        Path definition = Files.writeString(dir.resolve("bad.yaml"), """
                dimensions:
                  - name: branch
                    entitySet: Branches
                    columns: {name: name, nickname: nick}
                  - name: building
                    entitySet: Buildings
                    columns: {name: name}
                  - name: cost_centre
                    entitySet: Departments
                    columns: {name: name}
                """);
        Cli.Result r = check("reporting", "reporting", "--pipeline", definition.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.DEFINITION);
        assertThat(r.line("FAIL the tenant's $metadata has every entity set and property the pipeline definition needs: 2 problems"));
        assertThat(r.out()).contains("       - property Branches.nickname (for dw.dim_branch) is not in the tenant's $metadata")
                .contains("       - entity set Buildings (for dw.dim_building) is not in the tenant's $metadata");
        // the tables whose sets do match are still checked against the warehouse
        assertThat(r.line("OK  warehouse migrated"));
        assertThat(r.line("FAIL warehouse tables match the pipeline definition (the 1 table whose entity set matches $metadata): "))
                .contains("warehouse table dw.dim_cost_centre does not exist").contains("a migration in sql/");
    }

    @Test
    @Order(8)
    void aMissingSettingFailsWith2AndTheOtherChecksStillRun() {
        assumeTrue(System.getenv("TOPDESK_USERNAME") == null && System.getenv("TOPDESK_WAREHOUSE_CONFIG") == null,
                "TOPDESK_USERNAME or a config file is set in this environment");
        List<String> args = args("check", List.of("--topdesk-url", server.serviceRoot().toString()), warehouse(DB, dir));
        Cli.Result r = execute(args);
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.line("FAIL TOPdesk login name: ")).contains("topdesk.username is not set").contains("--topdesk-username")
                .contains("TOPDESK_USERNAME");
        assertThat(r.line("SKIP TOPdesk reachable"));
        assertThat(r.line("OK  warehouse migrated"));
    }

    /** An https server whose certificate (self-signed, made by keytool) no trust store of the JVM holds. */
    private static HttpsServer selfSignedServer() throws Exception {
        Path keystore = dir.resolve("self-signed.p12");
        Files.deleteIfExists(keystore);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "tdw", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(output).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        https.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        https.start();
        return https;
    }
}
