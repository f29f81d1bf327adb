package io.tdwarehouse.pipeline;

import io.tdwarehouse.source.ODataDateTime;
import io.tdwarehouse.source.RawRow;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Turns one entity as JSON gave it into the values of one staging row, converting each property by its EDM type
 * and resolving references through the key maps (a reference to an id no dimension member has is dangling: it
 * is counted and gets key 0, the Unknown member). A value that cannot be converted makes the row a {@link Reject}.
 */
public final class StagingRowEncoder {
    private final StagingLayout layout;
    private final List<StagingLayout.Column> columns;
    private final KeyMaps keys;
    private final int taskId;
    private final int idProperty;
    private long dangling;

    /** The outcome of encoding one row: values, or why not. */
    public sealed interface Result permits Encoded, Rejected {
    }

    public record Encoded(String[] values) implements Result {
    }

    public record Rejected(Reject reject) implements Result {
    }

    public StagingRowEncoder(StagingLayout layout, KeyMaps keys, int taskId) {
        this.layout = layout;
        this.columns = layout.columns();
        this.keys = keys;
        this.taskId = taskId;
        this.idProperty = layout.properties().indexOf("id");
    }

    public String entitySet() {
        return layout.entitySet();
    }

    /** References so far that pointed at ids the key maps do not hold. */
    public long dangling() {
        return dangling;
    }

    public Result encode(RawRow row) {
        String[] values = new String[columns.size()];
        String id = row.get(idProperty) instanceof String s ? s : null;
        long[] guid = new long[2];
        int danglingInRow = 0;
        for (int c = 0; c < values.length; c++) {
            StagingLayout.Column column = columns.get(c);
            if (column.source() == StagingLayout.Source.TASK) {
                values[c] = Integer.toString(taskId);
                continue;
            }
            Object raw = row.get(column.property());
            String property = layout.properties().get(column.property());
            try {
                switch (column.source()) {
                    case PROPERTY, REFERENCE_ID, MODIFIED -> values[c] = convert(raw, column.edmType());
                    case DATE_KEY -> values[c] = raw == null ? "0" : dateKey(ODataDateTime.parse(text(raw)));
                    case REFERENCE_KEY -> {
                        if (raw == null) {
                            values[c] = "0";
                        } else {
                            parseGuid(text(raw), guid);
                            int key = keys.of(column.dimension()).lookup(guid[0], guid[1]);
                            if (key < 0) {
                                danglingInRow++;
                                key = 0;
                            }
                            values[c] = Integer.toString(key);
                        }
                    }
                    default -> throw new IllegalStateException("unhandled column source " + column.source());
                }
            } catch (IllegalArgumentException e) {
                return new Rejected(new Reject(id, property, raw == null ? null : String.valueOf(raw), e.getMessage()));
            }
        }
        if (values[0] == null) {
            return new Rejected(new Reject(id, "id", id, "the row has no id"));
        }
        dangling += danglingInRow;
        return new Encoded(values);
    }

    /** The COPY text of a value of this EDM type, or an IllegalArgumentException saying why it is not one. */
    static String convert(Object raw, String edmType) {
        if (raw == null) {
            return null;
        }
        if (raw == RawRow.NESTED) {
            throw new IllegalArgumentException("expected a " + edmType + " value, found a JSON object or array");
        }
        switch (edmType) {
            case "Edm.String" -> {
                String s = text(raw);
                if (s.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("text contains a NUL character, which PostgreSQL cannot store");
                }
                return s;
            }
            case "Edm.Guid" -> {
                long[] guid = new long[2];
                String s = text(raw);
                parseGuid(s, guid);
                return s.toLowerCase(java.util.Locale.ROOT);
            }
            case "Edm.DateTimeOffset" -> {
                // PostgreSQL keeps microseconds and would round the 7th digit; truncating instead keeps a
                // watermark at or below the source's value, never above it
                return timestamp(ODataDateTime.parse(text(raw)));
            }
            case "Edm.Boolean" -> {
                if (raw instanceof Boolean b) {
                    return b ? "t" : "f";
                }
                throw wrongType(raw, edmType);
            }
            case "Edm.Int32", "Edm.Int16", "Edm.Byte", "Edm.SByte" -> {
                long v = integer(raw, edmType);
                long min = switch (edmType) {
                    case "Edm.Int32" -> Integer.MIN_VALUE;
                    case "Edm.Int16" -> Short.MIN_VALUE;
                    case "Edm.SByte" -> Byte.MIN_VALUE;
                    default -> 0;
                };
                long max = switch (edmType) {
                    case "Edm.Int32" -> Integer.MAX_VALUE;
                    case "Edm.Int16" -> Short.MAX_VALUE;
                    case "Edm.SByte" -> Byte.MAX_VALUE;
                    default -> 255;
                };
                if (v < min || v > max) {
                    throw new IllegalArgumentException(v + " is out of the range of " + edmType);
                }
                return Long.toString(v);
            }
            case "Edm.Int64" -> {
                return Long.toString(integer(raw, edmType));
            }
            case "Edm.Decimal", "Edm.Double", "Edm.Single" -> {
                if (raw instanceof Long || raw instanceof BigInteger || raw instanceof BigDecimal) {
                    return raw instanceof BigDecimal d ? d.toPlainString() : raw.toString();
                }
                if (raw instanceof String s && edmType.equals("Edm.Decimal")) {
                    // IEEE754Compatible=true sends decimals as strings
                    try {
                        return new BigDecimal(s).toPlainString();
                    } catch (NumberFormatException e) {
                        throw wrongType(raw, edmType);
                    }
                }
                throw wrongType(raw, edmType);
            }
            case "Edm.Date" -> {
                try {
                    return LocalDate.parse(text(raw)).toString();
                } catch (java.time.format.DateTimeParseException e) {
                    throw new IllegalArgumentException("not an Edm.Date: '" + raw + "'");
                }
            }
            default -> throw new IllegalArgumentException("unsupported type " + edmType);
        }
    }

    private static long integer(Object raw, String edmType) {
        if (raw instanceof Long l) {
            return l;
        }
        if (raw instanceof String s) {
            try {
                return Long.parseLong(s); // IEEE754Compatible=true sends Int64 as strings
            } catch (NumberFormatException e) {
                throw wrongType(raw, edmType);
            }
        }
        if (raw instanceof BigInteger) {
            throw new IllegalArgumentException(raw + " is out of the range of " + edmType);
        }
        throw wrongType(raw, edmType);
    }

    private static String text(Object raw) {
        if (raw instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("expected a JSON string, found " + describe(raw));
    }

    private static IllegalArgumentException wrongType(Object raw, String edmType) {
        return new IllegalArgumentException("expected a " + edmType + " value, found " + describe(raw));
    }

    private static String describe(Object raw) {
        if (raw instanceof String) {
            return "a string";
        }
        if (raw instanceof Boolean) {
            return "a boolean";
        }
        if (raw instanceof Number) {
            return "a number";
        }
        return String.valueOf(raw);
    }

    /** yyyymmdd of the UTC date of an instant. */
    static String dateKey(Instant instant) {
        LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(instant.getEpochSecond(), 86_400L));
        return Integer.toString(d.getYear() * 10_000 + d.getMonthValue() * 100 + d.getDayOfMonth());
    }

    /**
     * An instant as PostgreSQL timestamptz input, in UTC, truncated to microseconds: PostgreSQL would round the
     * 7th digit, and truncating keeps a watermark at or below the source's value, never above it. Hand-written:
     * Instant.toString goes through DateTimeFormatter and costs a microsecond a call.
     */
    static String timestamp(Instant instant) {
        java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        int micros = instant.getNano() / 1000;
        char[] c = new char[32];
        int p = 0;
        int year = t.getYear();
        if (year < 1 || year > 9999) {
            throw new IllegalArgumentException("the date " + instant + " is outside the years 1 to 9999 (UTC)");
        }
        p = digits(c, p, year, 4);
        c[p++] = '-';
        p = digits(c, p, t.getMonthValue(), 2);
        c[p++] = '-';
        p = digits(c, p, t.getDayOfMonth(), 2);
        c[p++] = ' ';
        p = digits(c, p, t.getHour(), 2);
        c[p++] = ':';
        p = digits(c, p, t.getMinute(), 2);
        c[p++] = ':';
        p = digits(c, p, t.getSecond(), 2);
        if (micros != 0) {
            c[p++] = '.';
            p = digits(c, p, micros, 6);
        }
        c[p++] = '+';
        c[p++] = '0';
        c[p++] = '0';
        return new String(c, 0, p);
    }

    private static int digits(char[] c, int p, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            c[p + i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return p + width;
    }

    /** Parses a canonical 8-4-4-4-12 GUID into two longs. */
    static void parseGuid(String s, long[] out) {
        if (s.length() != 36 || s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
            throw new IllegalArgumentException("not a GUID (8-4-4-4-12 hex digits): '" + s + "'");
        }
        long hi = 0;
        long lo = 0;
        int nibbles = 0;
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            if (c == '-') {
                continue;
            }
            int v = c < 0x80 ? Character.digit(c, 16) : -1; // digit() also takes fullwidth and other scripts' digits
            if (v < 0) {
                throw new IllegalArgumentException("not a GUID (8-4-4-4-12 hex digits): '" + s + "'");
            }
            if (nibbles < 16) {
                hi = (hi << 4) | v;
            } else {
                lo = (lo << 4) | v;
            }
            nibbles++;
        }
        if (nibbles != 32) {
            throw new IllegalArgumentException("not a GUID (8-4-4-4-12 hex digits): '" + s + "'");
        }
        out[0] = hi;
        out[1] = lo;
    }
}
