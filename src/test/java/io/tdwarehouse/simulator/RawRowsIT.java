package io.tdwarehouse.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tdwarehouse.simulator.http.SimulatorServer;
import io.tdwarehouse.simulator.http.Users;
import io.tdwarehouse.simulator.tenant.TenantData;
import io.tdwarehouse.testing.FeedClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Raw rows: served verbatim after the generated rows, on the page that ends a read, whatever it asks for. */
class RawRowsIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Valid JSON that no typed generator writes: NUL, a property twice, a lone surrogate escape, a wrong type. */
    private static final String RAW = "[{\"id\":\"raw-1\",\"status\":\"a\\u0000b\",\"status\":\"dup\"},\n"
            + "  {\"id\":\"raw-2\",\"status\":\"\\ud800\",\"costs\":\"not a number\",\"extra\":{\"x\":[1]}}]";
    private final HttpClient http = HttpClient.newHttpClient();
    private SimulatorServer server;
    private FeedClient feed;

    @BeforeEach
    void start() throws Exception {
        server = SimulatorServer.start("127.0.0.1", 0, new TenantData(5, 250), Users.defaults(), true);
        feed = new FeedClient(server.serviceRoot(), "reporting", "reporting");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.adminRoot() + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Each page's body as sent, following nextLinks. */
    private List<String> pages(String query, int pageSize) throws Exception {
        List<String> bodies = new ArrayList<>();
        URI next = URI.create(feed.root() + "/Incidents" + (query.isEmpty() ? "" : "?" + query));
        while (next != null) {
            HttpResponse<byte[]> r = feed.get(next, "Prefer", "odata.maxpagesize=" + pageSize);
            assertThat(r.statusCode()).isEqualTo(200);
            String body = new String(r.body(), StandardCharsets.UTF_8);
            bodies.add(body);
            JsonNode link = MAPPER.readTree(r.body()).get("@odata.nextLink");
            next = link == null ? null : URI.create(link.asText());
        }
        return bodies;
    }

    private static int rows(String page) throws Exception {
        return MAPPER.readTree(page).get("value").size();
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 125, 250, 1000})
    void rawRowsComeOnceVerbatimAfterTheGeneratedOnesAndChangeNeitherPagingNorCounters(int pageSize) throws Exception {
        List<String> plain = pages("$select=id", pageSize);
        HttpResponse<String> added = admin("POST", "/raw-rows",
                MAPPER.writeValueAsString(Map.of("entitySet", "Incidents", "json", RAW)));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        assertThat(MAPPER.readTree(added.body()).get("added").asInt()).isEqualTo(2);
        server.counters().reset();

        List<String> withRaw = pages("$select=id", pageSize);

        assertThat(withRaw).hasSameSizeAs(plain);
        for (int i = 0; i < plain.size() - 1; i++) {
            assertThat(withRaw.get(i)).as("page %d", i).isEqualTo(plain.get(i));
        }
        String last = withRaw.get(withRaw.size() - 1);
        assertThat(rows(last)).isEqualTo(rows(plain.get(plain.size() - 1)) + 2);
        assertThat(last).as("verbatim, $select notwithstanding")
                .contains("{\"id\":\"raw-1\",\"status\":\"a\\u0000b\",\"status\":\"dup\"},\n"
                        + "  {\"id\":\"raw-2\",\"status\":\"\\ud800\",\"costs\":\"not a number\",\"extra\":{\"x\":[1]}}]");
        // the server counts a page after sending it: give its thread a moment
        for (int i = 0; i < 100 && server.counters().rows("Incidents") < 250; i++) {
            Thread.sleep(20);
        }
        assertThat(server.counters().rows("Incidents")).as("counters count the generated rows only").isEqualTo(250);
        assertThat(server.rawRows().served("Incidents")).isEqualTo(1);
    }

    @Test
    void aFilteredReadGetsThemTooAndDeleteClearsThem() throws Exception {
        server.rawRows().add("Incidents", RAW);
        List<String> none = pages("$filter=" + FeedClient.encode("status eq 'no such status'"), 100);
        assertThat(none).hasSize(1);
        assertThat(MAPPER.readTree(none.get(0)).get("value").findValuesAsText("id")).containsExactly("raw-1", "raw-2");
        JsonNode listed = MAPPER.readTree(admin("GET", "/raw-rows", null).body());
        assertThat(listed.at("/Incidents/rows").asInt()).isEqualTo(2);
        assertThat(listed.at("/Incidents/served").asInt()).isEqualTo(1);

        assertThat(admin("DELETE", "/raw-rows", null).statusCode()).isEqualTo(200);
        assertThat(rows(pages("$filter=" + FeedClient.encode("status eq 'no such status'"), 100).get(0))).isZero();
        assertThat(server.rawRows().counts()).isEmpty();
    }

    @Test
    void whatIsNotOneJsonArrayOfAKnownSetIsRefused() throws Exception {
        assertThat(admin("POST", "/raw-rows", "{\"entitySet\":\"Nope\",\"json\":\"[]\"}").statusCode()).isEqualTo(400);
        assertThat(admin("POST", "/raw-rows", "{\"entitySet\":\"Incidents\"}").statusCode()).isEqualTo(400);
        assertThat(admin("POST", "/raw-rows", "{\"entitySet\":\"Incidents\",\"json\":\"[{\\\"id\\\":}]\"}").statusCode())
                .isEqualTo(400);
        assertThat(admin("POST", "/raw-rows", "{\"entitySet\":\"Incidents\",\"json\":\"{}\"}").statusCode()).isEqualTo(400);
        // a lone surrogate that is a character, not an escape, cannot be sent as UTF-8: say how to write it
        HttpResponse<String> lone = admin("POST", "/raw-rows", "{\"entitySet\":\"Incidents\",\"json\":\"[{\\\"s\\\":\\\"\\ud800\\\"}]\"}");
        assertThat(lone.statusCode()).isEqualTo(400);
        assertThat(lone.body()).contains("unpaired surrogate").contains("escape");
        assertThatThrownBy(() -> server.rawRows().add("Incidents", "[1,]")).isInstanceOf(IllegalArgumentException.class);
        assertThat(server.rawRows().counts()).isEmpty();
    }
}
