package io.tdwarehouse.simulator.http;

import java.time.OffsetDateTime;

/** Formats Edm.DateTimeOffset values as OData JSON does: seconds always, fraction trimmed, Z or ±hh:mm. */
final class ODataDates {
    private ODataDates() {
    }

    static String format(OffsetDateTime t) {
        char[] c = new char[35];
        int p = 0;
        p = digits(c, p, t.getYear(), 4);
        c[p++] = '-';
        p = digits(c, p, t.getMonthValue(), 2);
        c[p++] = '-';
        p = digits(c, p, t.getDayOfMonth(), 2);
        c[p++] = 'T';
        p = digits(c, p, t.getHour(), 2);
        c[p++] = ':';
        p = digits(c, p, t.getMinute(), 2);
        c[p++] = ':';
        p = digits(c, p, t.getSecond(), 2);
        int ticks = t.getNano() / 100;
        if (ticks != 0) {
            c[p++] = '.';
            int width = 7;
            while (ticks % 10 == 0) {
                ticks /= 10;
                width--;
            }
            p = digits(c, p, ticks, width);
        }
        int offset = t.getOffset().getTotalSeconds();
        if (offset == 0) {
            c[p++] = 'Z';
        } else {
            c[p++] = offset < 0 ? '-' : '+';
            int abs = Math.abs(offset) / 60;
            p = digits(c, p, abs / 60, 2);
            c[p++] = ':';
            p = digits(c, p, abs % 60, 2);
        }
        return new String(c, 0, p);
    }

    private static int digits(char[] c, int p, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            c[p + i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return p + width;
    }
}
