package io.tdwarehouse.source;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of query option values: everything but RFC 3986 unreserved characters (and ',' '$' '(' ')' ''' ':'). */
final class QueryEncoding {
    private static final String SAFE = "-._~,$():'";

    private QueryEncoding() {
    }

    static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || SAFE.indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
