package io.tdwarehouse.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A plain HTTP client for tests that reads an OData feed the way a simple real client does: Basic auth,
 * follow {@code @odata.nextLink} (absolute or relative) until there is none.
 */
public final class FeedClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI root;
    private final String authorization;

    public FeedClient(URI root, String login, String password) {
        this.root = root;
        this.authorization = login == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public URI root() {
        return root;
    }

    /** GET {root}/{pathAndQuery}, with the query already encoded. */
    public HttpResponse<byte[]> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        return get(URI.create(root + "/" + pathAndQuery), headers);
    }

    public HttpResponse<byte[]> get(URI uri, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public static JsonNode json(HttpResponse<byte[]> response) throws IOException {
        return MAPPER.readTree(response.body());
    }

    public static String encode(String queryValue) {
        return URLEncoder.encode(queryValue, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Every row of an entity set (with optional encoded query), following nextLinks; fails on any non-200. */
    public Pages readAll(String entitySet, String encodedQuery, int maxPageSize) throws IOException, InterruptedException {
        URI next = URI.create(root + "/" + entitySet + (encodedQuery == null || encodedQuery.isEmpty() ? "" : "?" + encodedQuery));
        List<JsonNode> rows = new ArrayList<>();
        int pages = 0;
        Set<URI> seen = new HashSet<>();
        while (next != null) {
            if (!seen.add(next)) {
                throw new AssertionError("nextLink loops back to " + next);
            }
            HttpResponse<byte[]> response = get(next, "Prefer", "odata.maxpagesize=" + maxPageSize);
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + next + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            JsonNode page = json(response);
            page.get("value").forEach(rows::add);
            pages++;
            JsonNode link = page.get("@odata.nextLink");
            next = link == null ? null : next.resolve(link.asText());
        }
        return new Pages(rows, pages);
    }

    /** The rows read and how many pages they came in. */
    public record Pages(List<JsonNode> rows, int pages) {
        public List<String> ids() {
            return rows.stream().map(r -> r.get("id").asText()).toList();
        }
    }
}
