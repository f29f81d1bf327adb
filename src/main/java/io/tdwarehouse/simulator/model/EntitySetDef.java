package io.tdwarehouse.simulator.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An entity set of the modelled tenant: its name, its entity type's name and its properties, in the order
 * they are served. The first property is always the key {@code id}.
 */
public final class EntitySetDef {
    private final String name;
    private final String typeName;
    private final List<PropertyDef> properties;
    private final Map<String, Integer> indexByName = new HashMap<>();

    public EntitySetDef(String name, String typeName, List<PropertyDef> properties) {
        if (properties.isEmpty() || !properties.get(0).name().equals("id")) {
            throw new IllegalArgumentException(name + ": the first property must be the key 'id'");
        }
        this.name = name;
        this.typeName = typeName;
        this.properties = List.copyOf(properties);
        for (int i = 0; i < this.properties.size(); i++) {
            if (indexByName.put(this.properties.get(i).name(), i) != null) {
                throw new IllegalArgumentException(name + ": duplicate property " + this.properties.get(i).name());
            }
        }
    }

    public String name() {
        return name;
    }

    public String typeName() {
        return typeName;
    }

    public List<PropertyDef> properties() {
        return properties;
    }

    /** The position of a property in a {@link Row}, or -1 when the type has no such property. */
    public int indexOf(String propertyName) {
        return indexByName.getOrDefault(propertyName, -1);
    }

    public PropertyDef property(int index) {
        return properties.get(index);
    }

    public boolean has(String propertyName) {
        return indexByName.containsKey(propertyName);
    }
}
