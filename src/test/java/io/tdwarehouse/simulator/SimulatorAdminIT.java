package io.tdwarehouse.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tdwarehouse.simulator.http.SimulatorServer;
import io.tdwarehouse.simulator.http.Users;
import io.tdwarehouse.simulator.tenant.TenantData;
import io.tdwarehouse.testing.FeedClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin interface, over HTTP: data changes between runs, injected faults, counters. */
class SimulatorAdminIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private SimulatorServer server;
    private FeedClient feed;

    @BeforeEach
    void start() throws IOException {
        server = SimulatorServer.start("127.0.0.1", 0, new TenantData(5, 2_000), Users.defaults(), true);
        feed = new FeedClient(server.serviceRoot(), "reporting", "reporting");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.adminRoot() + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = MAPPER.readTree(r.body());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(r.statusCode() + " " + json);
        }
        return json;
    }

    @Test
    void adminIsOffUnlessAsked() throws Exception {
        try (SimulatorServer plain = SimulatorServer.start("127.0.0.1", 0, new TenantData(5, 10), Users.defaults(), false)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(plain.adminRoot() + "/counters")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void mutationsCreateUpdateAndDeleteRowsThatTheFeedThenServes() throws Exception {
        List<String> before = feed.readAll("Incidents", null, 1000).ids();
        JsonNode m = admin("POST", "/mutations", "{\"entitySet\":\"Incidents\",\"create\":7,\"update\":20,\"delete\":4}");
        String batchTime = m.get("modificationDate").asText();
        List<String> created = texts(m.get("created"));
        List<String> updated = texts(m.get("updated"));
        List<String> deleted = texts(m.get("deleted"));
        assertThat(created).hasSize(7);
        assertThat(updated).hasSize(20);
        assertThat(deleted).hasSize(4);

        List<String> after = feed.readAll("Incidents", null, 1000).ids();
        List<String> expected = new ArrayList<>(before);
        expected.removeAll(deleted);
        expected.addAll(created);
        assertThat(after).containsExactlyElementsOf(expected);
        assertThat(feed.readAll("IncidentDetails", null, 1000).ids()).containsExactlyElementsOf(expected);

        // exactly the created and updated rows carry the batch's modificationDate
        String filter = "$filter=" + FeedClient.encode("modificationDate ge " + batchTime);
        Set<String> changed = new HashSet<>(feed.readAll("Incidents", filter, 1000).ids());
        Set<String> expectedChanged = new HashSet<>(created);
        expectedChanged.addAll(updated);
        assertThat(changed).isEqualTo(expectedChanged);
    }

    @Test
    void renamingABranchChangesItsNameAndModificationDate() throws Exception {
        JsonNode branch = feed.readAll("Branches", null, 1000).rows().get(2);
        String id = branch.get("id").asText();
        JsonNode m = admin("POST", "/renames", "{\"entitySet\":\"Branches\",\"id\":\"" + id + "\",\"name\":\"Renamed, \\\"new\\\" ✓\"}");
        JsonNode renamed = FeedClient.json(feed.get("Branches?$filter=" + FeedClient.encode("id eq " + id))).get("value").get(0);
        assertThat(renamed.get("name").asText()).isEqualTo("Renamed, \"new\" ✓");
        assertThat(renamed.get("modificationDate").asText()).isEqualTo(m.get("modificationDate").asText());
        assertThat(renamed.get("city").asText()).isEqualTo(branch.get("city").asText());
    }

    @Test
    void badAdminRequestsAreRefusedWithAReason() {
        assertThatThrownBy(() -> admin("POST", "/mutations", "{\"entitySet\":\"Nope\",\"create\":1}"))
                .hasMessageContaining("400").hasMessageContaining("Nope");
        assertThatThrownBy(() -> admin("POST", "/faults", "{\"kind\":\"status\",\"status\":200}"))
                .hasMessageContaining("400").hasMessageContaining("status");
        assertThatThrownBy(() -> admin("POST", "/renames", "{\"entitySet\":\"Incidents\",\"id\":\"00000000-0000-0000-0000-000000000000\",\"name\":\"x\"}"))
                .hasMessageContaining("400");
    }

    @Test
    void throttlingFaultAnswers429WithRetryAfterThenRecovers() throws Exception {
        admin("POST", "/faults", "{\"kind\":\"status\",\"status\":429,\"retryAfterSeconds\":2,\"count\":2,\"entitySet\":\"Incidents\"}");
        HttpResponse<byte[]> other = feed.get("Branches");
        assertThat(other.statusCode()).isEqualTo(200);
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> r = feed.get("Incidents");
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("Retry-After")).contains("2");
            assertThat(FeedClient.json(r).get("error").get("code").asText()).isNotBlank();
        }
        assertThat(feed.get("Incidents").statusCode()).isEqualTo(200);
    }

    @Test
    void burstOf5xxStartsAfterTheGivenNumberOfRequests() throws Exception {
        admin("POST", "/faults", "{\"kind\":\"status\",\"status\":503,\"count\":3,\"afterRequests\":1}");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<byte[]> r = feed.get("Incidents");
            statuses.add(r.statusCode());
            assertThat(r.headers().firstValue("Retry-After")).isEmpty();
        }
        assertThat(statuses).containsExactly(200, 503, 503, 503, 200);
    }

    @Test
    void connectionCutMidBodyIsAnIncompleteResponse() throws Exception {
        admin("POST", "/faults", "{\"kind\":\"cut\",\"afterRows\":300}");
        assertThatThrownBy(() -> feed.get("Incidents")).isInstanceOf(IOException.class);
        assertThat(feed.get("Incidents").statusCode()).isEqualTo(200);
    }

    @Test
    void truncatedPageIsInvalidJson() throws Exception {
        admin("POST", "/faults", "{\"kind\":\"truncate\",\"afterRows\":10}");
        HttpResponse<byte[]> r = feed.get("Incidents");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> FeedClient.json(r)).isInstanceOf(IOException.class);
    }

    @Test
    void slowPageWaitsBeforeAnswering() throws Exception {
        admin("POST", "/faults", "{\"kind\":\"slow\",\"delayMillis\":700}");
        long start = System.nanoTime();
        assertThat(feed.get("Incidents").statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(700);
    }

    @Test
    void loopFaultLinksBackToTheFirstPage() throws Exception {
        admin("POST", "/faults", "{\"kind\":\"loop\",\"afterRequests\":1}");
        assertThatThrownBy(() -> feed.readAll("Incidents", null, 500)).hasMessageContaining("loops back");
    }

    @Test
    void countersReportRequestsAndRowsPerEntitySet() throws Exception {
        admin("POST", "/counters/reset", null);
        feed.readAll("Incidents", null, 700);
        feed.readAll("Branches", null, 1000);
        JsonNode counters = admin("GET", "/counters", null);
        assertThat(counters.get("rows").get("Incidents").asLong()).isEqualTo(2_000);
        assertThat(counters.get("requests").get("Incidents").asLong()).isEqualTo(3);
        assertThat(counters.get("rows").get("Branches").asLong()).isEqualTo(50);
        assertThat(counters.get("responses").get("200").asLong()).isEqualTo(4);
        assertThat(server.counters().rows("Incidents")).isEqualTo(2_000);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
