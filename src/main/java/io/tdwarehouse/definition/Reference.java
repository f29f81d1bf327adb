package io.tdwarehouse.definition;

import java.io.Serializable;

/**
 * A foreign-key property that resolves to a dimension: it becomes the columns {@code <prefix>_id} (the source
 * id) and {@code <prefix>_key} (the dimension's surrogate key).
 */
public record Reference(String property, String dimension, String prefix) implements Serializable {
    public String idColumn() {
        return prefix + "_id";
    }

    public String keyColumn() {
        return prefix + "_key";
    }
}
