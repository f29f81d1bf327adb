package io.tdwarehouse.pipeline;

import io.tdwarehouse.definition.DefinitionException;
import io.tdwarehouse.definition.Reference;
import io.tdwarehouse.definition.TableDefinition;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The columns of a staging table and where each value comes from. The staging DDL and the row encoder both read
 * it, so they cannot disagree.
 */
public record StagingLayout(String entitySet, List<String> properties, List<Column> columns) implements Serializable {

    public enum Source {
        /** a property's value, converted by its EDM type */
        PROPERTY,
        /** a reference's source id */
        REFERENCE_ID,
        /** a reference's surrogate key, resolved through the key maps */
        REFERENCE_KEY,
        /** a timestamp's UTC date as yyyymmdd (0 when null) */
        DATE_KEY,
        /** the incremental property's value, for the watermark and for picking the latest duplicate */
        MODIFIED,
        /** the read task that staged the row */
        TASK
    }

    /**
     * @param name      column name in staging (and in the warehouse table, except MODIFIED and TASK)
     * @param sqlType   PostgreSQL type
     * @param source    where the value comes from
     * @param property  index into {@link #properties()} (the parser's order), or -1
     * @param edmType   the property's CSDL type, or null
     * @param dimension for REFERENCE_KEY, the dimension
     */
    public record Column(String name, String sqlType, Source source, int property, String edmType, String dimension)
            implements Serializable {
    }

    public static final String MODIFIED_COLUMN = "_modified";
    public static final String TASK_COLUMN = "_task";

    /** The layout of the main staging table of a dimension or fact. */
    public static StagingLayout main(TableDefinition table, Map<String, String> edmTypes) {
        List<String> properties = table.properties();
        List<Column> columns = new ArrayList<>();
        columns.add(column(table.idColumn(), Source.PROPERTY, properties, "id", edmTypes, null));
        table.columns().forEach((property, column) -> columns.add(column(column, Source.PROPERTY, properties, property, edmTypes, null)));
        for (Reference r : table.references()) {
            columns.add(column(r.idColumn(), Source.REFERENCE_ID, properties, r.property(), edmTypes, null));
            columns.add(new Column(r.keyColumn(), "integer", Source.REFERENCE_KEY, properties.indexOf(r.property()),
                    edmTypes.get(r.property()), r.dimension()));
        }
        table.dateKeys().forEach((property, column) ->
                columns.add(new Column(column, "integer", Source.DATE_KEY, properties.indexOf(property), edmTypes.get(property), null)));
        if (table.incremental() != null) {
            columns.add(column(MODIFIED_COLUMN, Source.MODIFIED, properties, table.incremental(), edmTypes, null));
        }
        columns.add(new Column(TASK_COLUMN, "integer", Source.TASK, -1, null, null));
        check(table, columns);
        return new StagingLayout(table.entitySet(), properties, columns);
    }

    /** The layout of a key reconciliation's staging table: the set's ids only. */
    public static StagingLayout keys(TableDefinition table, Map<String, String> edmTypes) {
        List<String> properties = List.of("id");
        List<Column> columns = new ArrayList<>();
        columns.add(column(table.idColumn(), Source.PROPERTY, properties, "id", edmTypes, null));
        columns.add(new Column(TASK_COLUMN, "integer", Source.TASK, -1, null, null));
        return new StagingLayout(table.entitySet(), properties, columns);
    }

    /** The layout of the staging table of a fact's details set. */
    public static StagingLayout details(TableDefinition table, Map<String, String> edmTypes) {
        TableDefinition.Details details = table.details();
        List<String> properties = new ArrayList<>();
        properties.add("id");
        properties.addAll(details.columns().keySet());
        List<Column> columns = new ArrayList<>();
        columns.add(column("id", Source.PROPERTY, properties, "id", edmTypes, null));
        details.columns().forEach((property, column) -> columns.add(column(column, Source.PROPERTY, properties, property, edmTypes, null)));
        columns.add(new Column(TASK_COLUMN, "integer", Source.TASK, -1, null, null));
        return new StagingLayout(details.entitySet(), properties, columns);
    }

    private static Column column(String name, Source source, List<String> properties, String property,
                                 Map<String, String> edmTypes, String dimension) {
        String edm = edmTypes.get(property);
        return new Column(name, EdmTypes.sqlType(edm, property), source, properties.indexOf(property), edm, dimension);
    }

    private static void check(TableDefinition table, List<Column> columns) {
        for (Column c : columns) {
            if (c.source() == Source.REFERENCE_ID && !"Edm.Guid".equals(c.edmType())) {
                throw new DefinitionException(table.entitySet() + "." + table.properties().get(c.property())
                        + " is a reference but its type is " + c.edmType() + ", not Edm.Guid");
            }
            if (c.source() == Source.DATE_KEY && !"Edm.DateTimeOffset".equals(c.edmType())) {
                throw new DefinitionException(table.entitySet() + "." + table.properties().get(c.property())
                        + " has a date key but its type is " + c.edmType() + ", not Edm.DateTimeOffset");
            }
        }
    }

    /** The columns that go into the warehouse table (all but MODIFIED and TASK). */
    public List<Column> warehouseColumns() {
        return columns.stream().filter(c -> c.source() != Source.MODIFIED && c.source() != Source.TASK).toList();
    }

    public boolean hasModified() {
        return columns.stream().anyMatch(c -> c.source() == Source.MODIFIED);
    }
}
