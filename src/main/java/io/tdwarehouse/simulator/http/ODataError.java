package io.tdwarehouse.simulator.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Sends errors the way OData v4 JSON does: {@code {"error":{"code":"…","message":"…"}}}. */
final class ODataError {
    private static final JsonFactory JSON = new JsonFactory();

    private ODataError() {
    }

    static void send(HttpExchange exchange, int status, String code, String message) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(body)) {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("code", code);
            g.writeStringField("message", message);
            g.writeEndObject();
            g.writeEndObject();
        }
        byte[] bytes = body.toByteArray();
        exchange.getResponseHeaders().set("Content-Type", "application/json;odata.metadata=minimal;charset=utf-8");
        exchange.getResponseHeaders().set("OData-Version", "4.0");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
