package io.tdwarehouse.simulator.model;

/**
 * One generated entity: values in the order of {@link EntitySetDef#properties()}, each null or of the
 * {@link EdmType#javaType()} of its property.
 */
public record Row(EntitySetDef set, Object[] values) {

    public Object get(int index) {
        return values[index];
    }

    public Object get(String propertyName) {
        int i = set.indexOf(propertyName);
        if (i < 0) {
            throw new IllegalArgumentException(set.name() + " has no property " + propertyName);
        }
        return values[i];
    }
}
