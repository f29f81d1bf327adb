package io.tdwarehouse.pipeline;

import io.tdwarehouse.definition.DefinitionException;
import java.util.Map;

/** How CSDL primitive types land in PostgreSQL, and which warehouse column types accept which EDM types. */
public final class EdmTypes {
    private static final Map<String, String> SQL = Map.ofEntries(
            Map.entry("Edm.Guid", "uuid"),
            Map.entry("Edm.String", "text"),
            Map.entry("Edm.DateTimeOffset", "timestamptz"),
            Map.entry("Edm.Boolean", "boolean"),
            Map.entry("Edm.Byte", "integer"),
            Map.entry("Edm.SByte", "integer"),
            Map.entry("Edm.Int16", "integer"),
            Map.entry("Edm.Int32", "integer"),
            Map.entry("Edm.Int64", "bigint"),
            Map.entry("Edm.Decimal", "numeric"),
            Map.entry("Edm.Double", "double precision"),
            Map.entry("Edm.Single", "real"),
            Map.entry("Edm.Date", "date"));

    /** For each EDM type, the PostgreSQL data types (information_schema.columns.data_type) that can hold it. */
    private static final Map<String, java.util.Set<String>> ACCEPTED = Map.ofEntries(
            Map.entry("Edm.Guid", java.util.Set.of("uuid")),
            Map.entry("Edm.String", java.util.Set.of("text", "character varying")),
            Map.entry("Edm.DateTimeOffset", java.util.Set.of("timestamp with time zone")),
            Map.entry("Edm.Boolean", java.util.Set.of("boolean")),
            Map.entry("Edm.Byte", java.util.Set.of("smallint", "integer", "bigint", "numeric")),
            Map.entry("Edm.SByte", java.util.Set.of("smallint", "integer", "bigint", "numeric")),
            Map.entry("Edm.Int16", java.util.Set.of("smallint", "integer", "bigint", "numeric")),
            Map.entry("Edm.Int32", java.util.Set.of("integer", "bigint", "numeric")),
            Map.entry("Edm.Int64", java.util.Set.of("bigint", "numeric")),
            Map.entry("Edm.Decimal", java.util.Set.of("numeric")),
            Map.entry("Edm.Double", java.util.Set.of("double precision", "numeric")),
            Map.entry("Edm.Single", java.util.Set.of("real", "double precision", "numeric")),
            Map.entry("Edm.Date", java.util.Set.of("date")));

    private EdmTypes() {
    }

    public static String sqlType(String edmType, String property) {
        String sql = edmType == null ? null : SQL.get(edmType);
        if (sql == null) {
            throw new DefinitionException("property '" + property + "' has type " + edmType
                    + ", which the warehouse does not load (supported: " + new java.util.TreeSet<>(SQL.keySet()) + ")");
        }
        return sql;
    }

    /** Whether a warehouse column of this data type can hold values of this EDM type. */
    public static boolean accepts(String dataType, String edmType) {
        java.util.Set<String> accepted = ACCEPTED.get(edmType);
        return accepted != null && accepted.contains(dataType);
    }
}
