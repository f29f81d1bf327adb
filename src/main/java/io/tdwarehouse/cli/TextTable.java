package io.tdwarehouse.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain text table with columns padded to their widest cell (the last column is not padded), and the formats of its cells. */
final class TextTable {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] rightAligned;

    /** @param header the column names; a name starting with '>' is right-aligned (numbers), without the '>'. */
    TextTable(String... header) {
        rightAligned = new boolean[header.length];
        String[] names = new String[header.length];
        for (int i = 0; i < header.length; i++) {
            rightAligned[i] = header[i].startsWith(">");
            names[i] = rightAligned[i] ? header[i].substring(1) : header[i];
        }
        rows.add(names);
    }

    TextTable row(Object... cells) {
        if (cells.length != rightAligned.length) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + rightAligned.length + " columns");
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : String.valueOf(c)).toArray(String[]::new));
        return this;
    }

    boolean isEmpty() {
        return rows.size() == 1;
    }

    @Override
    public String toString() {
        int[] width = new int[rightAligned.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                if (i > 0) {
                    line.append("  ");
                }
                String pad = " ".repeat(width[i] - r[i].length());
                if (rightAligned[i]) {
                    line.append(pad).append(r[i]);
                } else {
                    line.append(r[i]);
                    if (i < r.length - 1) {
                        line.append(pad);
                    }
                }
            }
            out.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return out.toString();
    }

    /** A UTC timestamp to the second, "2026-03-02 09:00:00", or "-". */
    static String utc(Instant instant) {
        return instant == null ? "-" : UTC.format(instant);
    }

    /** A duration for people: "45s", "5m 3s", "2h 5m", "3d 4h"; negative ones with a leading "-". */
    static String duration(Duration d) {
        if (d == null) {
            return "-";
        }
        if (d.isNegative()) {
            return "-" + duration(d.negated());
        }
        long s = d.getSeconds();
        if (s < 60) {
            return s == 0 && d.toMillis() > 0 ? String.format("%.1fs", d.toMillis() / 1000.0) : s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m " + (s % 60) + "s";
        }
        if (s < 86_400) {
            return (s / 3600) + "h " + (s % 3600 / 60) + "m";
        }
        return (s / 86_400) + "d " + (s % 86_400 / 3600) + "h";
    }

    /** The first line of a text, at most {@code max} characters, with any "password=..." masked; "-" for null. */
    static String firstLine(String text, int max) {
        if (text == null || text.isBlank()) {
            return "-";
        }
        String line = text.strip().lines().findFirst().orElse("").replaceAll("(?i)(password=)[^&;\\s]*", "$1****");
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
