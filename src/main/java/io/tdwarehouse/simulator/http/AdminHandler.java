package io.tdwarehouse.simulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tdwarehouse.simulator.model.EntitySetDef;
import io.tdwarehouse.simulator.tenant.TenantData;
import io.tdwarehouse.simulator.tenant.TenantSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The admin interface at {@link #PREFIX} (only with {@code --admin}), for tests and benchmarks. JSON in, JSON out:
 * <ul>
 *   <li>{@code GET  /admin/tenant} — seed, incidents, rows per entity set</li>
 *   <li>{@code POST /admin/mutations} {@code {"entitySet":"Incidents","create":10,"update":100,"delete":5}}</li>
 *   <li>{@code POST /admin/renames} {@code {"entitySet":"Branches","id":"…","name":"…"}}</li>
 *   <li>{@code POST /admin/faults} {@code {"kind":"status","status":503,"count":3,"retryAfterSeconds":1,
 *       "entitySet":"Incidents","afterRequests":2}} (kinds: status, slow + delayMillis, cut, truncate + afterRows,
 *       loop); {@code GET} lists pending faults, {@code DELETE} clears them</li>
 *   <li>{@code GET /admin/counters}, {@code POST /admin/counters/reset}</li>
 *   <li>{@code POST /admin/raw-rows} {@code {"entitySet":"Incidents","json":"[{…},{…}]"}}: rows as raw JSON text, served
 *       verbatim after the generated ones on the last page of every read of the set, ignoring $filter and $select
 *       (see {@link RawRows}); {@code GET} counts them, {@code DELETE} clears them</li>
 * </ul>
 */
final class AdminHandler implements HttpHandler {
    static final String PREFIX = "/admin";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final TenantData data;
    private final Counters counters;
    private final FaultInjector faults;
    private final RawRows rawRows;

    AdminHandler(TenantData data, Counters counters, FaultInjector faults, RawRows rawRows) {
        this.data = data;
        this.counters = counters;
        this.faults = faults;
        this.rawRows = rawRows;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            try {
                Object result = switch (route) {
                    case "GET /admin/tenant" -> tenant();
                    case "POST /admin/mutations" -> mutate(body(exchange));
                    case "POST /admin/renames" -> rename(body(exchange));
                    case "POST /admin/faults" -> addFault(body(exchange));
                    case "GET /admin/faults" -> faults.pending();
                    case "DELETE /admin/faults" -> {
                        faults.clear();
                        yield Map.of("cleared", true);
                    }
                    case "GET /admin/counters" -> counters.snapshot();
                    case "POST /admin/counters/reset" -> {
                        counters.reset();
                        yield Map.of("reset", true);
                    }
                    case "POST /admin/raw-rows" -> addRawRows(body(exchange));
                    case "GET /admin/raw-rows" -> rawRows.snapshot();
                    case "DELETE /admin/raw-rows" -> {
                        rawRows.clear();
                        yield Map.of("cleared", true);
                    }
                    default -> null;
                };
                if (result == null) {
                    send(exchange, 404, Map.of("error", "no admin route " + route));
                } else {
                    send(exchange, 200, result);
                }
            } catch (IllegalArgumentException e) {
                send(exchange, 400, Map.of("error", String.valueOf(e.getMessage())));
            } catch (RuntimeException e) {
                send(exchange, 500, Map.of("error", e.toString()));
            }
        }
    }

    private Map<String, Object> tenant() {
        Map<String, Object> sets = new TreeMap<>();
        for (EntitySetDef set : TenantSchema.entitySets()) {
            TenantData.EntitySetView view = data.view(set);
            sets.put(set.name(), view.size());
        }
        return Map.of("seed", data.seed(), "incidents", data.incidents(), "sizes", sets);
    }

    private Map<String, Object> mutate(JsonNode body) {
        return describe(data.mutate(entitySet(body), body.path("create").asInt(0), body.path("update").asInt(0),
                body.path("delete").asInt(0), body.path("sameSecondAsPrevious").asBoolean(false)));
    }

    private static Map<String, Object> describe(TenantData.Mutation m) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("entitySet", m.entitySet());
        out.put("batch", m.batch());
        out.put("modificationDate", ODataDates.format(m.modificationDate()));
        out.put("created", m.created().stream().map(UUID::toString).toList());
        out.put("updated", m.updated().stream().map(UUID::toString).toList());
        out.put("deleted", m.deleted().stream().map(UUID::toString).toList());
        return out;
    }

    private Map<String, Object> rename(JsonNode body) {
        String name = body.path("name").asText(null);
        if (name == null) {
            throw new IllegalArgumentException("name is required");
        }
        return describe(data.rename(entitySet(body), UUID.fromString(body.path("id").asText("")), name));
    }

    private Fault addFault(JsonNode body) {
        String kind = body.path("kind").asText("");
        Fault fault;
        try {
            fault = new Fault(kind.isEmpty() ? null : Fault.Kind.valueOf(kind.toUpperCase(Locale.ROOT)),
                    body.hasNonNull("entitySet") ? entitySet(body) : null, body.path("count").asInt(1),
                    body.path("afterRequests").asInt(0), body.path("status").asInt(0),
                    body.hasNonNull("retryAfterSeconds") ? body.get("retryAfterSeconds").asInt() : null,
                    body.path("delayMillis").asInt(0), body.path("afterRows").asInt(0));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad fault: " + e.getMessage());
        }
        faults.add(fault);
        return fault;
    }

    private Map<String, Object> addRawRows(JsonNode body) {
        JsonNode json = body.get("json");
        if (json == null || !json.isTextual()) {
            throw new IllegalArgumentException("json is required: the rows as the text of a JSON array (a string)");
        }
        int added = rawRows.add(entitySet(body), json.asText());
        return Map.of("entitySet", body.path("entitySet").asText(), "added", added);
    }

    private static String entitySet(JsonNode body) {
        String name = body.path("entitySet").asText("");
        if (TenantSchema.find(name) == null) {
            throw new IllegalArgumentException("unknown entitySet '" + name + "'");
        }
        return name;
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length == 0) {
                return MAPPER.createObjectNode();
            }
            JsonNode node = MAPPER.readTree(bytes);
            if (!(node instanceof ObjectNode)) {
                throw new IllegalArgumentException("the body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
