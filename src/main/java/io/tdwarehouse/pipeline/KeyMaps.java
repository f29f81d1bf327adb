package io.tdwarehouse.pipeline;

import java.io.Serializable;
import java.util.Map;

/** The key maps of every dimension, by dimension name: the side input that resolves facts' references. */
public record KeyMaps(Map<String, KeyMap> byDimension) implements Serializable {
    public KeyMap of(String dimension) {
        KeyMap map = byDimension.get(dimension);
        if (map == null) {
            throw new IllegalStateException("no key map for dimension " + dimension);
        }
        return map;
    }
}
