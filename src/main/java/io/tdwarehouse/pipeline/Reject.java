package io.tdwarehouse.pipeline;

/** A row that cannot be loaded: which one (as far as its id can be told), which property, the raw value, why. */
public record Reject(String sourceId, String property, String rawValue, String reason) {
    static final int MAX_RAW = 2_000;

    public Reject {
        if (rawValue != null && rawValue.length() > MAX_RAW) {
            rawValue = rawValue.substring(0, MAX_RAW);
        }
    }
}
