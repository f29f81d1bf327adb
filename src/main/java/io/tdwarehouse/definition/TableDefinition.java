package io.tdwarehouse.definition;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One table of the warehouse and the entity set that feeds it.
 *
 * @param kind         dimension or fact
 * @param name         dimension or fact name: the table is dw.dim_NAME or dw.fact_NAME
 * @param entitySet    entity set of the feed
 * @param incremental  property that moves when a row changes, or null (read whole every run)
 * @param partitionBy  DateTimeOffset property to split a full read by, or null
 * @param columns      property → column, copied as they are
 * @param references   foreign keys resolved to dimensions (facts)
 * @param dateKeys     DateTimeOffset property → column holding its UTC date as a dw.dim_date key (facts)
 * @param details      a set keyed by the same id whose columns join this table, or null
 */
public record TableDefinition(Kind kind, String name, String entitySet, String incremental, String partitionBy,
                              Map<String, String> columns, List<Reference> references, Map<String, String> dateKeys,
                              Details details) implements Serializable {

    public enum Kind { DIMENSION, FACT }

    /** A details set: its entity set and property → column. */
    public record Details(String entitySet, Map<String, String> columns) implements Serializable {
    }

    public TableDefinition {
        columns = new LinkedHashMap<>(columns);
        references = List.copyOf(references);
        dateKeys = new LinkedHashMap<>(dateKeys);
    }

    public String table() {
        return (kind == Kind.DIMENSION ? "dim_" : "fact_") + name;
    }

    /** The column holding the source id: source_id for dimensions, NAME_id for facts. */
    public String idColumn() {
        return kind == Kind.DIMENSION ? "source_id" : name + "_id";
    }

    /** Surrogate key column of a dimension. */
    public String keyColumn() {
        return name + "_key";
    }

    public boolean isIncremental() {
        return incremental != null;
    }

    /** Every property this table reads from its entity set, key first, without duplicates. */
    public List<String> properties() {
        List<String> all = new ArrayList<>();
        all.add("id");
        for (String p : columns.keySet()) {
            addOnce(all, p);
        }
        for (Reference r : references) {
            addOnce(all, r.property());
        }
        for (String p : dateKeys.keySet()) {
            addOnce(all, p);
        }
        if (incremental != null) {
            addOnce(all, incremental);
        }
        if (partitionBy != null) {
            addOnce(all, partitionBy);
        }
        return all;
    }

    private static void addOnce(List<String> list, String value) {
        if (!list.contains(value)) {
            list.add(value);
        }
    }
}
