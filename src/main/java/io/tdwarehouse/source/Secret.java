package io.tdwarehouse.source;

import java.io.Serializable;
import java.util.Arrays;

/** A password that never shows itself: toString, logs and exception messages see "****". */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;
    private final char[] value;

    private Secret(char[] value) {
        this.value = value.clone();
    }

    public static Secret of(String value) {
        if (value == null) {
            throw new IllegalArgumentException("a secret cannot be null");
        }
        return new Secret(value.toCharArray());
    }

    /** The secret itself, for the one place that needs it (an Authorization header, a JDBC connection). */
    public String reveal() {
        return new String(value);
    }

    public boolean isEmpty() {
        return value.length == 0;
    }

    @Override
    public String toString() {
        return "****";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }
}
