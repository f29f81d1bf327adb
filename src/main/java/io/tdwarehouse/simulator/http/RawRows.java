package io.tdwarehouse.simulator.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.tdwarehouse.simulator.tenant.TenantSchema;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rows given as raw JSON text, served verbatim inside the {@code value} array of their entity set, after the
 * generated rows, on the page that ends a read (the one without a nextLink). They exist to test how a client takes
 * what a generator built from typed rows cannot produce: invalid surrogate escapes (<code>"&#92;ud800"</code>), NUL
 * (<code>"&#92;u0000"</code>), a property given twice, values of the wrong JSON type, huge strings and numbers.
 *
 * <p>Raw rows ignore {@code $filter} and {@code $select}: every read of the set gets all of them, whatever it asks
 * for; a read split into several filtered windows gets them once per window, and a details read by id once per
 * request. They are not counted in {@link Counters}' rows and do not change paging: the generated rows are paged
 * exactly as without them. {@link #served(String)} says how many responses carried them.
 *
 * <p>The text must be one JSON array (of anything: it is checked to be JSON, never interpreted), with escapes for
 * what JSON cannot hold raw: a lone surrogate must be written as the escape <code>&#92;ud800</code>, since a raw one cannot
 * be encoded in the UTF-8 body.
 */
public final class RawRows {
    /** Lenient about size (tests send multi-megabyte strings and 1,000-digit numbers), strict about syntax. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE).build())
            .build();

    /** Per entity set, the added arrays' contents (the text between the brackets), in the order added. */
    private final Map<String, List<String>> rows = new ConcurrentHashMap<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> served = new ConcurrentHashMap<>();

    /**
     * Adds the elements of a JSON array to the rows served for an entity set. Returns how many elements it had.
     *
     * @throws IllegalArgumentException for an unknown entity set, or text that is not one JSON array
     */
    public int add(String entitySet, String jsonArray) {
        if (entitySet == null || TenantSchema.find(entitySet) == null) {
            throw new IllegalArgumentException("unknown entitySet '" + entitySet + "'");
        }
        if (jsonArray == null) {
            throw new IllegalArgumentException("json is required: the rows as the text of a JSON array");
        }
        for (int i = 0; i < jsonArray.length(); i++) {
            char c = jsonArray.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < jsonArray.length() && Character.isLowSurrogate(jsonArray.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(String.format("json holds an unpaired surrogate character (U+%04X) at "
                        + "%d, which UTF-8 cannot carry: write it as the JSON escape \\u%04x", (int) c, i, (int) c));
            }
        }
        int elements = elements(jsonArray);
        String text = jsonArray.strip();
        String inner = text.substring(1, text.length() - 1).strip();
        if (!inner.isEmpty()) {
            rows.computeIfAbsent(entitySet, k -> new CopyOnWriteArrayList<>()).add(inner);
            counts.merge(entitySet, elements, Integer::sum);
        }
        return elements;
    }

    private static int elements(String jsonArray) {
        try (JsonParser p = JSON.createParser(jsonArray)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("json must be a JSON array of rows, e.g. [{\"id\":\"…\"}]");
            }
            int n = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                p.skipChildren();
                n++;
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("json has more after its array");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("json is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("json cannot be read: " + e.getMessage());
        }
    }

    /** Forgets every raw row. */
    public void clear() {
        rows.clear();
        counts.clear();
    }

    /** Raw rows per entity set (sets without any are left out). */
    public Map<String, Integer> counts() {
        return new TreeMap<>(counts);
    }

    /** How many responses of this set carried its raw rows so far. */
    public long served(String entitySet) {
        AtomicLong n = served.get(entitySet);
        return n == null ? 0 : n.get();
    }

    /** For the GET of the admin interface. */
    Map<String, Object> snapshot() {
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, Integer> e : counts().entrySet()) {
            out.put(e.getKey(), Map.of("rows", e.getValue(), "served", served(e.getKey())));
        }
        return out;
    }

    /** The chunks of raw JSON to write into the value array of a response of this set, counted as served. */
    List<String> take(String entitySet) {
        List<String> chunks = rows.get(entitySet);
        if (chunks == null || chunks.isEmpty()) {
            return List.of();
        }
        served.computeIfAbsent(entitySet, k -> new AtomicLong()).incrementAndGet();
        return List.copyOf(chunks);
    }
}
