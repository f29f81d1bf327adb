package io.tdwarehouse.simulator.model;

/** One structural property of an entity type. */
public record PropertyDef(String name, EdmType type, boolean nullable) {

    public static PropertyDef key(String name) {
        return new PropertyDef(name, EdmType.GUID, false);
    }

    public static PropertyDef of(String name, EdmType type) {
        return new PropertyDef(name, type, true);
    }
}
