package io.tdwarehouse.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams one page of an OData JSON response ({@code {"value":[...], "@odata.nextLink":"..."}}, in any order,
 * any whitespace, with any annotations) and hands each entity to a sink, so that a page is never held as a
 * tree. Only the wanted properties are kept; the others, and annotations, are skipped.
 *
 * <p>Measured against Olingo's reader: see bench/page-parsing.sh and the README.
 */
public final class PageParser {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final List<String> properties;
    private final Map<String, Integer> index = new HashMap<>();

    /** Receives the entities of a page, one at a time; the row object is reused after the call. */
    @FunctionalInterface
    public interface RowSink {
        void row(RawRow row) throws IOException;
    }

    public PageParser(List<String> properties) {
        this.properties = List.copyOf(properties);
        for (int i = 0; i < this.properties.size(); i++) {
            index.put(this.properties.get(i), i);
        }
    }

    public List<String> properties() {
        return properties;
    }

    /**
     * Parses a page. Returns the nextLink as given (absolute or relative) or null on the last page. Malformed
     * JSON is an IOException (a broken transfer: worth a retry); well-formed JSON that is not an OData page is a
     * {@link FeedException} of kind PROTOCOL.
     */
    public String parse(InputStream in, RowSink sink) throws IOException {
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new FeedException(FeedException.Kind.PROTOCOL, "a page is not a JSON object");
            }
            String nextLink = null;
            boolean sawValue = false;
            RawRow row = new RawRow(properties.size());
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "value" -> {
                        if (t != JsonToken.START_ARRAY) {
                            throw new FeedException(FeedException.Kind.PROTOCOL, "\"value\" of a page is not an array");
                        }
                        sawValue = true;
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            readEntity(p, row);
                            sink.row(row);
                        }
                        if (p.currentToken() != JsonToken.END_ARRAY) {
                            throw new FeedException(FeedException.Kind.PROTOCOL, "\"value\" holds something other than entities");
                        }
                    }
                    case "@odata.nextLink", "odata.nextLink", "@odata.nextlink" -> {
                        if (t != JsonToken.VALUE_STRING) {
                            throw new FeedException(FeedException.Kind.PROTOCOL, "@odata.nextLink is not a string");
                        }
                        nextLink = p.getText();
                    }
                    case "error" -> throw new FeedException(FeedException.Kind.PROTOCOL,
                            "the service sent an error inside a page");
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new IOException("page JSON ended early");
            }
            if (p.nextToken() != null) {
                throw new IOException("unexpected data after the page's JSON object");
            }
            if (!sawValue) {
                throw new FeedException(FeedException.Kind.PROTOCOL, "a page without a \"value\" array");
            }
            return nextLink;
        }
    }

    private void readEntity(JsonParser p, RawRow row) throws IOException {
        row.clear();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            Integer i = index.get(p.currentName());
            JsonToken t = p.nextToken();
            if (i == null) {
                p.skipChildren();
                continue;
            }
            switch (t) {
                case VALUE_STRING -> row.set(i, p.getText());
                case VALUE_NULL -> row.set(i, null);
                case VALUE_TRUE -> row.set(i, Boolean.TRUE);
                case VALUE_FALSE -> row.set(i, Boolean.FALSE);
                case VALUE_NUMBER_INT -> row.set(i, p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? p.getBigIntegerValue() : (Object) p.getLongValue());
                case VALUE_NUMBER_FLOAT -> row.set(i, p.getDecimalValue());
                case START_OBJECT, START_ARRAY -> {
                    p.skipChildren();
                    row.set(i, RawRow.NESTED);
                }
                default -> throw new IOException("unexpected JSON token " + t + " in an entity");
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new IOException("an entity's JSON ended early");
        }
    }
}
