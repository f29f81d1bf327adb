package io.tdwarehouse.simulator.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tdwarehouse.simulator.model.EntitySetDef;
import io.tdwarehouse.simulator.model.Row;
import io.tdwarehouse.simulator.query.FilterAnalysis;
import io.tdwarehouse.simulator.query.QueryOptionException;
import io.tdwarehouse.simulator.query.QueryOptions;
import io.tdwarehouse.simulator.query.RowFilter;
import io.tdwarehouse.simulator.tenant.CandidateRows;
import io.tdwarehouse.simulator.tenant.TenantData;
import io.tdwarehouse.simulator.tenant.TenantSchema;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

/**
 * The OData service at {@link #ROOT}: service document, {@code $metadata}, and entity sets served page by page
 * with server-driven paging ({@code @odata.nextLink} with a {@code $skiptoken}).
 */
final class ODataHandler implements HttpHandler {
    static final String ROOT = "/services/reporting/v2/odata";
    static final int DEFAULT_PAGE_SIZE = 1_000;
    static final int MAX_PAGE_SIZE = 10_000;
    private static final String JSON_TYPE =
            "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
    private static final JsonFactory JSON = new JsonFactory();

    private final TenantData data;
    private final Users users;
    private final Counters counters;
    private final FaultInjector faults;
    private final RawRows rawRows;
    private final SchemaDrift drift;
    private final byte[] metadata = MetadataDocument.render();

    ODataHandler(TenantData data, Users users, Counters counters, FaultInjector faults, RawRows rawRows, SchemaDrift drift) {
        this.data = data;
        this.users = users;
        this.counters = counters;
        this.faults = faults;
        this.rawRows = rawRows;
        this.drift = drift;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        int status;
        try {
            status = serve(exchange);
        } catch (ConnectionCut cut) {
            // Not closing the exchange: closing would end the chunked body cleanly, and the point is that it doesn't.
            throw cut;
        } catch (IOException | RuntimeException e) {
            exchange.close();
            throw e;
        }
        counters.status(status);
        exchange.close();
    }

    private int serve(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("OData-Version", "4.0");
        if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            return error(exchange, 405, "MethodNotAllowed", "the Reporting API is read-only");
        }
        switch (users.authenticate(exchange.getRequestHeaders().getFirst("Authorization"))) {
            case UNAUTHENTICATED -> {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"TOPdesk\", charset=\"UTF-8\"");
                return error(exchange, 401, "Unauthorized",
                        "Authentication failed: use your login name and an application password");
            }
            case FORBIDDEN -> {
                return error(exchange, 403, "Forbidden",
                        "This account lacks the permission 'Advanced Reporting data access' (read)");
            }
            case ALLOWED -> {
            }
        }
        String path = exchange.getRequestURI().getRawPath();
        String rest = path.length() > ROOT.length() ? path.substring(ROOT.length() + 1) : "";
        if (rest.isEmpty()) {
            counters.request("$service");
            return serviceDocument(exchange);
        }
        if (rest.equals("$metadata")) {
            counters.request("$metadata");
            byte[] document = drift.isEmpty() ? metadata : MetadataDocument.render(drift);
            exchange.getResponseHeaders().set("Content-Type", "application/xml;charset=utf-8");
            exchange.sendResponseHeaders(200, document.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(document);
            }
            return 200;
        }
        EntitySetDef set = TenantSchema.find(rest);
        if (set == null) {
            return error(exchange, 404, "NotFound", "Resource not found for the segment '" + rest + "'");
        }
        counters.request(set.name());
        QueryOptions options;
        try {
            options = QueryOptions.parse(exchange.getRequestURI().getRawQuery(), set);
        } catch (QueryOptions.NotImplementedException e) {
            return error(exchange, 501, "NotImplemented", e.getMessage());
        } catch (QueryOptionException e) {
            return error(exchange, 400, "BadRequest", e.getMessage());
        }
        int pageSize = pageSize(exchange);
        Fault fault = faults.next(set.name());
        if (fault != null && fault.kind() == Fault.Kind.STATUS) {
            if (fault.retryAfterSeconds() != null) {
                exchange.getResponseHeaders().set("Retry-After", String.valueOf(fault.retryAfterSeconds()));
            }
            return error(exchange, fault.status(), "Injected", "injected fault: HTTP " + fault.status());
        }
        if (fault != null && fault.kind() == Fault.Kind.SLOW) {
            try {
                Thread.sleep(fault.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        return page(exchange, set, options, pageSize, fault);
    }

    private int page(HttpExchange exchange, EntitySetDef set, QueryOptions options, int pageSize, Fault fault)
            throws IOException {
        String root = baseUrl(exchange) + ROOT;
        exchange.getResponseHeaders().set("Content-Type", JSON_TYPE);
        if (pageSize != DEFAULT_PAGE_SIZE) {
            exchange.getResponseHeaders().set("Preference-Applied", "odata.maxpagesize=" + pageSize);
        }
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(200, -1);
            return 200;
        }
        exchange.sendResponseHeaders(200, 0);
        TenantData.EntitySetView view = data.view(set);
        int breakAfter = fault != null && (fault.kind() == Fault.Kind.CUT || fault.kind() == Fault.Kind.TRUNCATE)
                ? Math.max(0, fault.afterRows()) : -1;
        OutputStream body = new BufferedOutputStream(exchange.getResponseBody(), 1 << 16);
        JsonGenerator json = JSON.createGenerator(body, JsonEncoding.UTF8);
        json.writeStartObject();
        json.writeStringField("@odata.context", root + "/$metadata#" + set.name()
                + (options.selectText() == null ? "" : "(" + options.selectText() + ")"));
        json.writeArrayFieldStart("value");
        EntityPageWriter writer = new EntityPageWriter(json, set, options.selected());
        RowFilter filter = options.filter();
        // Only the rows that the filter's hints leave (an index, in a real database) are generated and tested;
        // the skiptoken stays the next row index to consider, so the pages are those of a full scan.
        CandidateRows candidates = CandidateRows.of(view, FilterAnalysis.of(filter), options.skipToken());
        int next = options.skipToken();
        int served = 0;
        int size = view.size();
        while (served < pageSize) {
            int index = candidates.nextIndex();
            if (index < 0) {
                next = Math.max(next, size);
                break;
            }
            next = index + 1;
            Row row = view.row(index);
            if (row == null || !filter.test(row)) {
                continue;
            }
            if (served == breakAfter) {
                return breakBody(json, body, fault, set, served);
            }
            writer.write(row);
            served++;
        }
        boolean linksOn = (fault != null && fault.kind() == Fault.Kind.LOOP) || (served == pageSize && next < size);
        if (!linksOn) {
            // the page that ends the read: raw rows, verbatim, whatever $filter and $select say (see RawRows)
            for (String chunk : rawRows.take(set.name())) {
                json.writeRawValue(chunk);
            }
        }
        json.writeEndArray();
        if (fault != null && fault.kind() == Fault.Kind.LOOP) {
            json.writeStringField("@odata.nextLink", nextLink(root, set, options, 0));
        } else if (served == pageSize && next < size) {
            // A full page always links on, even when nothing is left: real servers do that too.
            json.writeStringField("@odata.nextLink", nextLink(root, set, options, next));
        }
        json.writeEndObject();
        json.close();
        body.close();
        counters.rows(set.name(), served);
        return 200;
    }

    private int breakBody(JsonGenerator json, OutputStream body, Fault fault, EntitySetDef set, int served)
            throws IOException {
        json.flush();
        counters.rows(set.name(), served);
        if (fault.kind() == Fault.Kind.TRUNCATE) {
            body.write(",{\"id\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            body.close();
            return 200;
        }
        body.flush();
        // Throwing from the handler makes the JDK server drop the connection without the last chunk.
        throw new ConnectionCut();
    }

    private static String nextLink(String root, EntitySetDef set, QueryOptions options, int next) {
        String pass = options.passThrough();
        return root + "/" + set.name() + "?" + (pass.isEmpty() ? "" : pass + "&") + "$skiptoken="
                + QueryOptions.skipTokenFor(next);
    }

    private int serviceDocument(HttpExchange exchange) throws IOException {
        String root = baseUrl(exchange) + ROOT;
        exchange.getResponseHeaders().set("Content-Type", JSON_TYPE);
        exchange.sendResponseHeaders(200, 0);
        try (JsonGenerator json = JSON.createGenerator(exchange.getResponseBody(), JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("@odata.context", root + "/$metadata");
            json.writeArrayFieldStart("value");
            for (EntitySetDef set : TenantSchema.entitySets()) {
                json.writeStartObject();
                json.writeStringField("name", set.name());
                json.writeStringField("kind", "EntitySet");
                json.writeStringField("url", set.name());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return 200;
    }

    /** {@code Prefer: odata.maxpagesize=N} is honoured up to {@link #MAX_PAGE_SIZE}; anything malformed is ignored. */
    static int pageSize(HttpExchange exchange) {
        int size = DEFAULT_PAGE_SIZE;
        for (String header : exchange.getRequestHeaders().getOrDefault("Prefer", java.util.List.of())) {
            for (String pref : header.split(",")) {
                String p = pref.strip().toLowerCase(Locale.ROOT);
                if (p.startsWith("odata.maxpagesize=")) {
                    try {
                        int asked = Integer.parseInt(p.substring("odata.maxpagesize=".length()).strip());
                        if (asked > 0) {
                            size = Math.min(asked, MAX_PAGE_SIZE);
                        }
                    } catch (NumberFormatException ignored) {
                        // a preference the server cannot read is a preference it does not apply
                    }
                }
            }
        }
        return size;
    }

    private static String baseUrl(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null || host.isBlank()) {
            host = exchange.getLocalAddress().getHostString() + ":" + exchange.getLocalAddress().getPort();
        }
        return "http://" + host;
    }

    private static int error(HttpExchange exchange, int status, String code, String message) throws IOException {
        ODataError.send(exchange, status, code, message);
        return status;
    }

    /** Thrown to drop the connection mid-body (an injected fault). */
    static final class ConnectionCut extends RuntimeException {
        ConnectionCut() {
            super("injected fault: connection cut mid-body", null, false, false);
        }
    }
}
