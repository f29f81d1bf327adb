package io.tdwarehouse.source;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * Parses Edm.DateTimeOffset values as OData's ABNF allows them: {@code YYYY-MM-DDThh:mm[:ss[.f{1,12}]](Z|±hh:mm)}.
 * Hand-written because it runs for several fields of every row, and because java.time's ISO parser refuses
 * timestamps without seconds.
 */
public final class ODataDateTime {
    private ODataDateTime() {
    }

    /** The instant, or an IllegalArgumentException saying what is wrong. */
    public static Instant parse(String s) {
        int n = s.length();
        if (n < 17) {
            throw bad(s);
        }
        int year = digits(s, 0, 4);
        if (s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != 't') || s.charAt(13) != ':') {
            throw bad(s);
        }
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = 0;
        int nanos = 0;
        int p = 16;
        if (p < n && s.charAt(p) == ':') {
            second = digits(s, p + 1, 2);
            p += 3;
            if (p < n && s.charAt(p) == '.') {
                int start = ++p;
                while (p < n && s.charAt(p) >= '0' && s.charAt(p) <= '9') { // ASCII only: isDigit takes any script's digits
                    p++;
                }
                int len = p - start;
                if (len == 0 || len > 12) {
                    throw bad(s);
                }
                long fraction = Long.parseLong(s.substring(start, Math.min(p, start + 9)));
                for (int i = Math.min(len, 9); i < 9; i++) {
                    fraction *= 10;
                }
                nanos = (int) fraction;
            }
        }
        if (p >= n) {
            throw bad(s);
        }
        ZoneOffset offset;
        char z = s.charAt(p);
        if ((z == 'Z' || z == 'z') && p == n - 1) {
            offset = ZoneOffset.UTC;
        } else if ((z == '+' || z == '-') && p + 6 == n && s.charAt(p + 3) == ':') {
            int oh = digits(s, p + 1, 2);
            int om = digits(s, p + 4, 2);
            if (oh > 14 || om > 59) {
                throw bad(s);
            }
            int total = oh * 3600 + om * 60;
            offset = ZoneOffset.ofTotalSeconds(z == '-' ? -total : total);
        } else {
            throw bad(s);
        }
        try {
            return LocalDateTime.of(LocalDate.of(year, month, day), LocalTime.of(hour, minute, second, nanos))
                    .toInstant(offset);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a valid date and time: '" + s + "'");
        }
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            if (i >= s.length()) {
                throw bad(s);
            }
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw bad(s);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static IllegalArgumentException bad(String s) {
        return new IllegalArgumentException("not an Edm.DateTimeOffset (YYYY-MM-DDThh:mm[:ss[.fffffff]] with Z or ±hh:mm): '"
                + (s.length() > 64 ? s.substring(0, 64) + "…" : s) + "'");
    }
}
