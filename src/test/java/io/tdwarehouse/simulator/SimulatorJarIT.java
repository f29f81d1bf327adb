package io.tdwarehouse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tdwarehouse.testing.FeedClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The built jar, run as a user runs it: {@code java -jar target/topdesk-warehouse.jar simulate ...}. */
class SimulatorJarIT {

    private static Path jar() {
        Path jar = Path.of(System.getenv().getOrDefault("SIMULATOR_JAR", "target/topdesk-warehouse.jar"));
        assertThat(jar).as("the jar is built by mvn package before the ITs run").exists();
        return jar;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Process simulate(String heap, int port, int incidents) throws Exception {
        Process p = new ProcessBuilder("java", heap, "-jar", jar().toString(), "simulate", "--port", String.valueOf(port),
                "--incidents", String.valueOf(incidents), "--admin").redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            seen.append(line).append('\n');
            if (line.startsWith("Press Ctrl+C")) {
                return p;
            }
        }
        throw new AssertionError("simulator did not start:\n" + seen);
    }

    @Test
    void servesAHundredThousandIncidentsToTheEndAndRefusesAnonymousReaders() throws Exception {
        int port = freePort();
        Process p = simulate("-Xmx256m", port, 100_000);
        try {
            URI root = URI.create("http://127.0.0.1:" + port + "/services/reporting/v2/odata");
            FeedClient.Pages pages = new FeedClient(root, "reporting", "reporting").readAll("Incidents", null, 10_000);
            assertThat(pages.rows()).hasSize(100_000);
            assertThat(pages.ids()).doesNotHaveDuplicates();
            assertThat(new FeedClient(root, null, null).get("Incidents").statusCode()).isEqualTo(401);
        } finally {
            p.destroy();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
    }

    @Test
    void fiveMillionIncidentsServeInASmallHeap() throws Exception {
        int port = freePort();
        Process p = simulate("-Xmx64m", port, 5_000_000);
        try {
            FeedClient feed = new FeedClient(URI.create("http://127.0.0.1:" + port + "/services/reporting/v2/odata"),
                    "reporting", "reporting");
            JsonNode last = FeedClient.json(feed.get("Incidents?$skiptoken=r4999000"));
            assertThat(last.get("value")).hasSize(1_000);
            assertThat(last.has("@odata.nextLink")).isFalse();
            JsonNode persons = FeedClient.json(feed.get("Persons?$skiptoken=r999999"));
            assertThat(persons.get("value")).hasSize(1);
            assertThat(p.isAlive()).isTrue();
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(Files.exists(jar())).isTrue();
    }
}
