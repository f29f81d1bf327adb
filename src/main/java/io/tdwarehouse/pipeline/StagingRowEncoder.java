package io.tdwarehouse.pipeline;

import io.tdwarehouse.source.ODataDateTime;
import io.tdwarehouse.source.RawRow;
import io.tdwarehouse.warehouse.BinaryCopyRows;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Turns one entity as JSON gave it into the values of one staging row, converting each property by its EDM type
 * and resolving references through the key maps (a reference to an id no dimension member has is dangling: it
 * is counted and gets key 0, the Unknown member; so does a date outside dw.dim_date). A value that cannot be
 * converted, or that the warehouse column cannot hold as it is, makes the row a {@link Reject}: nothing is
 * silently altered. In particular:
 * <ul>
 *   <li>text with NUL (PostgreSQL text cannot hold it) or with an unpaired UTF-16 surrogate (a JSON escape such as
 *       <code>&#92;ud800</code> that is no Unicode character; replacing it with U+FFFD would change the data unseen);
 *       every other character, control characters included, is loaded as it is;</li>
 *   <li>a number with more integer digits than a {@code numeric(p,s)} column holds (PostgreSQL would fail the
 *       merge), or more decimals than its scale (PostgreSQL would round them away); trailing zeros do not count;</li>
 *   <li>a value of the wrong JSON type (a string for a boolean, a number for a GUID, an object for a string), an
 *       integer outside its EDM type's range, a malformed timestamp, a property given twice.</li>
 * </ul>
 */
public final class StagingRowEncoder {
    /** PostgreSQL's numeric: at most 131072 digits before the decimal point and 16383 after. */
    private static final int NUMERIC_MAX_INTEGER_DIGITS = 131_072;
    private static final int NUMERIC_MAX_SCALE = 16_383;

    private final StagingLayout layout;
    private final List<StagingLayout.Column> columns;
    private final int taskId;
    private final String taskIdText;
    private final int idProperty;
    private final ColumnLimits.Numeric[] numeric;
    /** Per column, the key map of the dimension it references (looked up once, not per row). */
    private final KeyMap[] keyMaps;
    private final ColumnLimits limits;
    /** Per column: a GUID or timestamp converted in line (with its bits kept), or anything else. */
    private final byte[] inline;
    private static final byte OTHER = 0;
    private static final byte GUID = 1;
    private static final byte TIMESTAMP = 2;
    private final long[] bits;
    /** Per property, the instant parsed in the row numbered {@link #instantRow}, for its date key. */
    private final Instant[] instants;
    private final long[] instantRow;
    private long rowNumber;
    private long dangling;

    /** The outcome of encoding one row: values, or why not. */
    public sealed interface Result permits Encoded, Rejected {
    }

    /**
     * @param values the COPY text of each column, null for SQL null
     * @param bits   per column two longs: a GUID's bits (most, least significant) or a timestamp's microseconds since
     *               2000-01-01Z (PostgreSQL's epoch), for every non-null uuid and timestamptz column, so that binary
     *               COPY need not parse the text again. Reused by the encoder: valid until its next row.
     */
    public record Encoded(String[] values, long[] bits) implements Result {
    }

    public record Rejected(Reject reject) implements Result {
    }

    public StagingRowEncoder(StagingLayout layout, KeyMaps keys, int taskId) {
        this(layout, keys, taskId, ColumnLimits.NONE);
    }

    /** @param limits what the warehouse table's columns hold (see {@link ColumnLimits#read}) */
    public StagingRowEncoder(StagingLayout layout, KeyMaps keys, int taskId, ColumnLimits limits) {
        this.layout = layout;
        this.columns = layout.columns();
        this.taskId = taskId;
        this.taskIdText = Integer.toString(taskId);
        this.idProperty = layout.properties().indexOf("id");
        this.limits = limits;
        this.numeric = new ColumnLimits.Numeric[columns.size()];
        this.keyMaps = new KeyMap[columns.size()];
        this.inline = new byte[columns.size()];
        this.bits = new long[2 * columns.size()];
        this.instants = new Instant[layout.properties().size()];
        this.instantRow = new long[layout.properties().size()];
        java.util.Arrays.fill(instantRow, -1);
        for (int c = 0; c < numeric.length; c++) {
            StagingLayout.Column column = columns.get(c);
            StagingLayout.Source source = column.source();
            if (source == StagingLayout.Source.PROPERTY || source == StagingLayout.Source.REFERENCE_ID
                    || source == StagingLayout.Source.MODIFIED) {
                inline[c] = "Edm.Guid".equals(column.edmType()) ? GUID : "Edm.DateTimeOffset".equals(column.edmType()) ? TIMESTAMP : OTHER;
            }
            if (column.source() == StagingLayout.Source.PROPERTY) {
                numeric[c] = limits.numeric().get(column.name());
            } else if (column.source() == StagingLayout.Source.REFERENCE_KEY) {
                keyMaps[c] = keys.byDimension().get(column.dimension());
            }
        }
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
        int guidProperty = -1; // the property whose GUID is in guid: a reference's id and key columns parse it once
        long rowNo = rowNumber++;
        int danglingInRow = 0;
        for (int c = 0; c < values.length; c++) {
            StagingLayout.Column column = columns.get(c);
            if (column.source() == StagingLayout.Source.TASK) {
                values[c] = taskIdText;
                continue;
            }
            Object raw = row.get(column.property());
            String property = layout.properties().get(column.property());
            try {
                if (raw instanceof RawRow.Invalid invalid) {
                    throw new IllegalArgumentException(invalid.reason());
                }
                switch (column.source()) {
                    case PROPERTY, REFERENCE_ID, MODIFIED -> {
                        if (inline[c] == GUID && raw instanceof String text) {
                            boolean upper = parseGuid(text, guid);
                            guidProperty = column.property();
                            bits[2 * c] = guid[0];
                            bits[2 * c + 1] = guid[1];
                            values[c] = upper ? text.toLowerCase(java.util.Locale.ROOT) : text;
                            continue;
                        }
                        if (inline[c] == TIMESTAMP && raw instanceof String text) {
                            Instant t = ODataDateTime.parse(text);
                            values[c] = timestamp(t); // checks the year range
                            bits[2 * c] = BinaryCopyRows.micros(t); // truncated as timestamp(t) truncates
                            instants[column.property()] = t;
                            instantRow[column.property()] = rowNo;
                            continue;
                        }
                        values[c] = convert(raw, column.edmType());
                        if (numeric[c] != null && values[c] != null) {
                            fit(values[c], numeric[c], column.name());
                        }
                    }
                    case DATE_KEY -> {
                        Instant t = raw == null ? null : instantRow[column.property()] == rowNo ? instants[column.property()]
                                : ODataDateTime.parse(text(raw));
                        long day = t == null ? 0 : Math.floorDiv(t.getEpochSecond(), 86_400L);
                        int key = raw == null ? 0 : DateKeys.of(day);
                        if (key != 0 && !limits.hasDateKey(key)) {
                            danglingInRow++; // a date the calendar dimension lacks: its Unknown member, like a reference
                            key = 0;
                        }
                        values[c] = key == 0 ? "0" : DateKeys.text(day);
                    }
                    case REFERENCE_KEY -> {
                        if (raw == null) {
                            values[c] = "0";
                        } else {
                            if (guidProperty != column.property()) {
                                parseGuid(text(raw), guid);
                                guidProperty = column.property();
                            }
                            if (keyMaps[c] == null) {
                                throw new IllegalStateException("no key map for dimension " + column.dimension());
                            }
                            String key = keyMaps[c].keyText(guid[0], guid[1]);
                            if (key == null) {
                                danglingInRow++;
                                key = "0";
                            }
                            values[c] = key;
                        }
                    }
                    default -> throw new IllegalStateException("unhandled column source " + column.source());
                }
            } catch (IllegalArgumentException e) {
                return new Rejected(reject(id, property, raw == null ? null : String.valueOf(raw), e.getMessage()));
            }
        }
        if (values[0] == null) {
            return new Rejected(reject(id, "id", id, "the row has no id"));
        }
        dangling += danglingInRow;
        return new Encoded(values, bits);
    }

    /**
     * A reject whose texts PostgreSQL can store: an unpaired surrogate (which would reach the database as '?') is
     * written as its JSON escape, and the raw value is cut to {@link Reject#MAX_RAW} without splitting a pair.
     */
    private static Reject reject(String id, String property, String raw, String reason) {
        if (raw != null && raw.length() > Reject.MAX_RAW) {
            int end = Reject.MAX_RAW;
            if (Character.isHighSurrogate(raw.charAt(end - 1)) && Character.isLowSurrogate(raw.charAt(end))) {
                end--;
            }
            raw = raw.substring(0, end);
        }
        return new Reject(escapeLoneSurrogates(id), property, escapeLoneSurrogates(raw), escapeLoneSurrogates(reason));
    }

    /** The index of the first unpaired UTF-16 surrogate in s, or -1. */
    static int loneSurrogate(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < Character.MIN_SURROGATE) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    static String escapeLoneSurrogates(String s) {
        if (s == null || loneSurrogate(s) < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 10);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Throws unless a number (as converted) fits a numeric(p,s) column as it is: PostgreSQL fails the statement
     * on too many integer digits (the whole merge, not the row) and rounds decimals beyond the scale.
     */
    private static void fit(String text, ColumnLimits.Numeric limit, String column) {
        BigDecimal v = new BigDecimal(text).stripTrailingZeros();
        int integerDigits = Math.max(0, v.precision() - v.scale());
        int maxIntegerDigits = limit.precision() - limit.scale();
        if (integerDigits > maxIntegerDigits) {
            throw new IllegalArgumentException(text + " has " + integerDigits + " digits before the decimal point; the "
                    + "warehouse column " + column + " is " + limit + " and holds at most " + maxIntegerDigits);
        }
        if (v.scale() > limit.scale()) {
            throw new IllegalArgumentException(text + " has " + v.scale() + " decimal places; the warehouse column "
                    + column + " is " + limit + " and would round it to "
                    + v.setScale(limit.scale(), java.math.RoundingMode.HALF_UP).toPlainString()
                    + ", so it is rejected rather than changed");
        }
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
                    throw new IllegalArgumentException("text contains a NUL character (\\u0000), which PostgreSQL text cannot store");
                }
                int lone = loneSurrogate(s);
                if (lone >= 0) {
                    throw new IllegalArgumentException(String.format("text contains an unpaired UTF-16 surrogate (\\u%04x at "
                            + "character %d), which is no Unicode character: the source sent broken text; it is rejected "
                            + "rather than loaded with U+FFFD in its place", (int) s.charAt(lone), lone + 1));
                }
                return s;
            }
            case "Edm.Guid" -> {
                long[] guid = new long[2];
                String s = text(raw);
                return parseGuid(s, guid) ? s.toLowerCase(java.util.Locale.ROOT) : s;
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
                BigDecimal d = decimal(raw, edmType);
                if (edmType.equals("Edm.Decimal")) {
                    // checked before toPlainString, which would write out 1e999999999 digit by digit
                    if (d.precision() - d.scale() > NUMERIC_MAX_INTEGER_DIGITS || d.scale() > NUMERIC_MAX_SCALE) {
                        throw new IllegalArgumentException(d + " is beyond what PostgreSQL's numeric holds");
                    }
                } else {
                    double v = edmType.equals("Edm.Double") ? d.doubleValue() : d.floatValue();
                    if (Double.isInfinite(v) || (v == 0 && d.signum() != 0)) {
                        throw new IllegalArgumentException(d + " is out of the range of " + edmType);
                    }
                }
                return d.toPlainString();
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
                if (s.matches("[+-]?[0-9]{1,1000}")) {
                    throw outOfRange(s, edmType);
                }
                throw wrongType(raw, edmType);
            }
        }
        if (raw instanceof BigInteger) {
            throw outOfRange(raw, edmType);
        }
        throw wrongType(raw, edmType);
    }

    private static IllegalArgumentException outOfRange(Object raw, String edmType) {
        return new IllegalArgumentException(raw + " is out of the range of " + edmType
                + (edmType.equals("Edm.Int64") ? " (" + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")" : ""));
    }

    private static BigDecimal decimal(Object raw, String edmType) {
        if (raw instanceof BigDecimal d) {
            return d;
        }
        if (raw instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (raw instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (raw instanceof String s && edmType.equals("Edm.Decimal") && s.length() <= 1_000) {
            // IEEE754Compatible=true sends decimals as strings
            try {
                return new BigDecimal(s);
            } catch (NumberFormatException e) {
                throw wrongType(raw, edmType);
            }
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

    /** A JSON value for a message: its type, and the value when it is short. */
    private static String describe(Object raw) {
        if (raw instanceof String s) {
            return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        }
        if (raw instanceof Boolean b) {
            return "the boolean " + b;
        }
        if (raw instanceof BigDecimal d) {
            String t = d.toString();
            return "the number " + (t.length() > 40 ? t.substring(0, 40) + "…" : t) + " (with a fraction or exponent)";
        }
        if (raw instanceof Number n) {
            String t = n.toString();
            return "the number " + (t.length() > 40 ? t.substring(0, 40) + "…" : t);
        }
        return String.valueOf(raw);
    }

    /**
     * yyyymmdd of a day, and its text, computed once per day of 1900-2099 and kept (every fact row has a few date
     * keys, and the calendar arithmetic and number formatting were 5% of the ETL's CPU in a full load).
     */
    private static final class DateKeys {
        private static final long FIRST = LocalDate.of(1900, 1, 1).toEpochDay();
        private static final int DAYS = (int) (LocalDate.of(2100, 1, 1).toEpochDay() - FIRST);
        private static final int[] KEYS = new int[DAYS];
        private static final String[] TEXTS = new String[DAYS];

        static int of(long epochDay) {
            long i = epochDay - FIRST;
            if (i < 0 || i >= DAYS) {
                return compute(epochDay);
            }
            int key = KEYS[(int) i]; // 0 until computed; a race computes the same value twice
            if (key == 0) {
                key = compute(epochDay);
                KEYS[(int) i] = key;
            }
            return key;
        }

        static String text(long epochDay) {
            long i = epochDay - FIRST;
            if (i < 0 || i >= DAYS) {
                return Integer.toString(compute(epochDay));
            }
            String t = TEXTS[(int) i];
            if (t == null) {
                t = Integer.toString(of(epochDay));
                TEXTS[(int) i] = t; // Strings are safely published (final fields)
            }
            return t;
        }

        private static int compute(long epochDay) {
            LocalDate d = LocalDate.ofEpochDay(epochDay);
            return d.getYear() * 10_000 + d.getMonthValue() * 100 + d.getDayOfMonth();
        }
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
    /** Hex digit values of ASCII characters, -1 for the others. */
    private static final byte[] HEX = new byte[128];

    static {
        java.util.Arrays.fill(HEX, (byte) -1);
        for (int i = 0; i < 10; i++) {
            HEX['0' + i] = (byte) i;
        }
        for (int i = 0; i < 6; i++) {
            HEX['a' + i] = (byte) (10 + i);
            HEX['A' + i] = (byte) (10 + i);
        }
    }

    /**
     * Parses a GUID into two longs; returns whether it has upper-case hex digits. Reads the characters out in one
     * copy: String.charAt per character (a bounds and coder check each) was a quarter of the ETL's CPU in a full
     * load with the JIT's first tier.
     */
    static boolean parseGuid(String s, long[] out) {
        if (s.length() != 36) {
            throw new IllegalArgumentException("not a GUID (8-4-4-4-12 hex digits): '" + s + "'");
        }
        char[] c = new char[36];
        s.getChars(0, 36, c, 0);
        if (c[8] != '-' || c[13] != '-' || c[18] != '-' || c[23] != '-') {
            throw new IllegalArgumentException("not a GUID (8-4-4-4-12 hex digits): '" + s + "'");
        }
        long hi = 0;
        long lo = 0;
        int nibbles = 0;
        int bad = 0;
        boolean upper = false;
        for (int i = 0; i < 36; i++) {
            char ch = c[i];
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                continue;
            }
            int v = ch < 128 ? HEX[ch] : -1; // not Character.digit, which also takes fullwidth and other scripts' digits
            bad |= v;
            upper |= ch >= 'A' && ch <= 'F';
            if (nibbles < 16) {
                hi = (hi << 4) | (v & 0xF);
            } else {
                lo = (lo << 4) | (v & 0xF);
            }
            nibbles++;
        }
        if (bad < 0) {
            throw new IllegalArgumentException("not a GUID (8-4-4-4-12 hex digits): '" + s + "'");
        }
        out[0] = hi;
        out[1] = lo;
        return upper;
    }
}
