package io.tdwarehouse.simulator.query;

import io.tdwarehouse.simulator.model.EntitySetDef;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The query options of one entity-set request, validated against the set. What the real feed is known to
 * support is supported ($filter, $select, paging by $skiptoken); the options nobody has seen work there are
 * refused with 501, so that no client of this simulator comes to depend on them.
 *
 * @param filter        rows to serve (all when absent)
 * @param selected      property indices to write, the key first, in schema order
 * @param skipToken     row index to resume from
 * @param passThrough   the raw (still percent-encoded) options to repeat in a nextLink, without $skiptoken
 */
public record QueryOptions(RowFilter filter, int[] selected, int skipToken, String passThrough, String selectText) {

    private static final Set<String> NOT_IMPLEMENTED = Set.of("$top", "$skip", "$orderby", "$count", "$expand",
            "$search", "$apply", "$compute", "$levels", "$index", "$deltatoken", "$schemaversion");

    public static QueryOptions parse(String rawQuery, EntitySetDef set) {
        RowFilter filter = row -> true;
        int[] selected = all(set);
        String selectText = null;
        int skipToken = 0;
        List<String> passThrough = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String part : rawQuery.split("&")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String name = decode(eq < 0 ? part : part.substring(0, eq));
                String value = eq < 0 ? "" : decode(part.substring(eq + 1));
                if (!name.startsWith("$")) {
                    passThrough.add(part); // custom query options are allowed and ignored
                    continue;
                }
                if (!seen.add(name)) {
                    throw new QueryOptionException("query option " + name + " is given more than once");
                }
                switch (name) {
                    case "$filter" -> {
                        filter = FilterParser.parse(value, set);
                        passThrough.add(part);
                    }
                    case "$select" -> {
                        selected = select(value, set);
                        selectText = value;
                        passThrough.add(part);
                    }
                    case "$skiptoken" -> skipToken = skipToken(value);
                    case "$format" -> {
                        if (!value.equals("json") && !value.startsWith("application/json")) {
                            throw new QueryOptionException("$format: only json is served, not '" + value + "'");
                        }
                        passThrough.add(part);
                    }
                    default -> {
                        if (NOT_IMPLEMENTED.contains(name)) {
                            throw new NotImplementedException("query option " + name + " is not supported by this service");
                        }
                        throw new QueryOptionException("unknown system query option " + name);
                    }
                }
            }
        }
        return new QueryOptions(filter, selected, skipToken, String.join("&", passThrough), selectText);
    }

    /** The skip token of the page that starts at row index {@code next}. */
    public static String skipTokenFor(int next) {
        return "r" + next;
    }

    private static int skipToken(String value) {
        if (value.length() < 2 || value.length() > 11 || value.charAt(0) != 'r') {
            throw new QueryOptionException("$skiptoken: '" + value + "' is not a token this service issued");
        }
        try {
            int next = Integer.parseInt(value.substring(1));
            if (next < 0) {
                throw new NumberFormatException();
            }
            return next;
        } catch (NumberFormatException e) {
            throw new QueryOptionException("$skiptoken: '" + value + "' is not a token this service issued");
        }
    }

    private static int[] all(EntitySetDef set) {
        int[] all = new int[set.properties().size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    private static int[] select(String value, EntitySetDef set) {
        if (value.isBlank()) {
            throw new QueryOptionException("$select: empty");
        }
        boolean[] chosen = new boolean[set.properties().size()];
        chosen[0] = true; // the key is always served, as real servers do
        for (String item : value.split(",", -1)) {
            String name = item.strip();
            if (name.equals("*")) {
                return all(set);
            }
            int index = set.indexOf(name);
            if (index < 0) {
                throw new QueryOptionException("$select: " + set.name() + " has no property '" + name + "'");
            }
            chosen[index] = true;
        }
        int n = 0;
        for (boolean c : chosen) {
            n += c ? 1 : 0;
        }
        int[] selected = new int[n];
        for (int i = 0, j = 0; i < chosen.length; i++) {
            if (chosen[i]) {
                selected[j++] = i;
            }
        }
        return selected;
    }

    /** Percent-decoding as RFC 3986 has it: '+' stays a plus (DateTimeOffset offsets need it). */
    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new QueryOptionException("malformed percent-encoding in '" + s + "'");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new QueryOptionException("malformed percent-encoding in '" + s + "'");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** An option that OData defines but this service (like the real feed, as far as anyone knows) does not offer. */
    public static final class NotImplementedException extends QueryOptionException {
        public NotImplementedException(String message) {
            super(message);
        }
    }
}
