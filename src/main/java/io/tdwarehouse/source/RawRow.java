package io.tdwarehouse.source;

import java.util.Arrays;

/**
 * One entity of a page as JSON gave it, before any conversion: per wanted property a String, Boolean, Long,
 * java.math.BigInteger, java.math.BigDecimal, null (JSON null), {@link #NESTED} for an object or array, or an
 * {@link Invalid} for a value the parser would not pass on (a property given twice, a number too long to be one);
 * {@link #present(int)} tells a JSON null from a missing property. Reused from row to row.
 */
public final class RawRow {
    /** Marks a value that was a JSON object or array where a primitive was expected. */
    public static final Object NESTED = new Object() {
        @Override
        public String toString() {
            return "(a JSON object or array)";
        }
    };

    /**
     * A value that cannot be loaded whatever the property's type, found while parsing.
     *
     * @param raw    the value as received, for etl.rejects
     * @param reason why it cannot be loaded, for people
     */
    public record Invalid(String raw, String reason) {
        @Override
        public String toString() {
            return raw;
        }
    }

    private final Object[] values;
    private final boolean[] present;

    RawRow(int size) {
        values = new Object[size];
        present = new boolean[size];
    }

    void clear() {
        Arrays.fill(values, null);
        Arrays.fill(present, false);
    }

    void set(int index, Object value) {
        values[index] = value;
        present[index] = true;
    }

    public Object get(int index) {
        return values[index];
    }

    public boolean present(int index) {
        return present[index];
    }

    public int size() {
        return values.length;
    }
}
