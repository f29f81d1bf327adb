package io.tdwarehouse.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
 * <p>Hostile values are passed on as {@link RawRow.Invalid} so that they cost one row, not the page: a wanted
 * property given twice in one entity (which of the two is meant cannot be told), and a number of more than
 * {@link #MAX_NUMBER_LENGTH} characters (no EDM number type holds one; Jackson would otherwise stop the whole page
 * at its default limit of 1,000).
 *
 * <p>Measured against Olingo's reader: see bench/page-parsing.sh and the README.
 */
public final class PageParser {
    /** Longest number text passed on as a number; longer ones become {@link RawRow.Invalid}. */
    static final int MAX_NUMBER_LENGTH = 1_000;
    /** Numbers are tokenized (never converted) up to the length Jackson allows a string. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNumberLength(StreamReadConstraints.DEFAULT_MAX_STRING_LEN).build())
            .build();
    /** How much of a value a duplicate's or an over-long number's reject shows. */
    private static final int PREVIEW = 200;

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
            return parse(p, sink);
        } catch (StreamConstraintsException e) {
            // the same bytes would break the same way: not a broken transfer worth a retry
            throw new FeedException(FeedException.Kind.PROTOCOL, "a page holds a value beyond what the parser reads ("
                    + e.getOriginalMessage() + ")", e);
        }
    }

    private String parse(JsonParser p, RowSink sink) throws IOException {
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

    private void readEntity(JsonParser p, RawRow row) throws IOException {
        row.clear();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            Integer i = index.get(p.currentName());
            JsonToken t = p.nextToken();
            if (i == null) {
                p.skipChildren();
                continue;
            }
            Object value = switch (t) {
                case VALUE_STRING -> p.getText();
                case VALUE_NULL -> null;
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(p, t);
                case START_OBJECT, START_ARRAY -> {
                    p.skipChildren();
                    yield RawRow.NESTED;
                }
                default -> throw new IOException("unexpected JSON token " + t + " in an entity");
            };
            if (row.present(i)) {
                value = duplicate(properties.get(i), row.get(i), value);
            }
            row.set(i, value);
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new IOException("an entity's JSON ended early");
        }
    }

    private static Object number(JsonParser p, JsonToken t) throws IOException {
        int length = p.getTextLength();
        if (length > MAX_NUMBER_LENGTH) {
            return new RawRow.Invalid(preview(p.getText()), "a number of " + length + " characters, longer than any "
                    + "number the warehouse stores (at most " + MAX_NUMBER_LENGTH + ")");
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDecimalValue();
        }
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : (Object) p.getLongValue();
    }

    /** A wanted property that appears twice in one entity: JSON parsers disagree on which one counts, so neither does. */
    private static Object duplicate(String property, Object first, Object second) {
        if (first instanceof RawRow.Invalid invalid && invalid.reason().startsWith("the property ")) {
            return first; // a third time: the first two already say it
        }
        String both = show(first) + ", then " + show(second);
        return new RawRow.Invalid(both, "the property " + property + " appears more than once in the entity (" + both
                + "): which value TOPdesk meant cannot be told");
    }

    private static String show(Object value) {
        if (value instanceof String s) {
            return "\"" + preview(s) + "\"";
        }
        return value == null ? "null" : preview(String.valueOf(value));
    }

    private static String preview(String s) {
        return s.length() <= PREVIEW ? s : s.substring(0, PREVIEW) + "… (" + s.length() + " characters)";
    }
}
