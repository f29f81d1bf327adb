package io.tdwarehouse.simulator.model;

/** The CSDL primitive types that the modelled tenant uses, with the Java type that holds a value of each. */
public enum EdmType {
    GUID("Edm.Guid", java.util.UUID.class),
    STRING("Edm.String", String.class),
    DATE_TIME_OFFSET("Edm.DateTimeOffset", java.time.OffsetDateTime.class),
    BOOLEAN("Edm.Boolean", Boolean.class),
    INT32("Edm.Int32", Integer.class),
    INT64("Edm.Int64", Long.class),
    DECIMAL("Edm.Decimal", java.math.BigDecimal.class);

    private final String edmName;
    private final Class<?> javaType;

    EdmType(String edmName, Class<?> javaType) {
        this.edmName = edmName;
        this.javaType = javaType;
    }

    /** The name in CSDL, e.g. {@code Edm.Guid}. */
    public String edmName() {
        return edmName;
    }

    /** The class of a non-null value of this type in a {@link Row}. */
    public Class<?> javaType() {
        return javaType;
    }

    public boolean isNumeric() {
        return this == INT32 || this == INT64 || this == DECIMAL;
    }
}
