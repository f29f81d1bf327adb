package io.tdwarehouse.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which entity sets feed which warehouse tables (pipelines/*.yaml). Loading checks the file on its own:
 * identifiers, known keys, references to declared dimensions. Whether the tenant and the warehouse match it
 * is checked against them ({@code DefinitionCheck}).
 */
public record PipelineDefinition(String name, List<TableDefinition> dimensions, List<TableDefinition> facts)
        implements Serializable {
    /** The definition shipped with the jar. */
    public static final String DEFAULT_RESOURCE = "pipelines/topdesk-reporting.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern PROPERTY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Set<String> TABLE_KEYS = Set.of("name", "entitySet", "incremental", "partitionBy", "columns",
            "references", "dateKeys", "details");

    public PipelineDefinition {
        dimensions = List.copyOf(dimensions);
        facts = List.copyOf(facts);
    }

    public static PipelineDefinition load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        }
    }

    public static PipelineDefinition loadDefault() {
        try (InputStream in = PipelineDefinition.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the classpath");
            }
            return parse(in, DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULT_RESOURCE, e);
        }
    }

    static PipelineDefinition parse(InputStream in, String source) throws IOException {
        JsonNode root = YAML.readTree(in);
        if (root == null || !root.isObject()) {
            throw new DefinitionException(source + ": not a YAML mapping");
        }
        List<TableDefinition> dims = tables(root.path("dimensions"), TableDefinition.Kind.DIMENSION, source);
        List<TableDefinition> facts = tables(root.path("facts"), TableDefinition.Kind.FACT, source);
        PipelineDefinition definition = new PipelineDefinition(root.path("name").asText(source), dims, facts);
        definition.checkConsistency(source);
        return definition;
    }

    public List<TableDefinition> tables() {
        List<TableDefinition> all = new ArrayList<>(dimensions);
        all.addAll(facts);
        return all;
    }

    public TableDefinition dimension(String name) {
        return dimensions.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new DefinitionException("no dimension '" + name + "'"));
    }

    /** The table fed by an entity set (as the main set, not as details), or null. */
    public TableDefinition tableOf(String entitySet) {
        return tables().stream().filter(t -> t.entitySet().equals(entitySet)).findFirst().orElse(null);
    }

    /** Keeps only the tables fed by these entity sets (details come with their fact). */
    public PipelineDefinition restrictedTo(Set<String> entitySets) {
        for (String s : entitySets) {
            if (tableOf(s) == null) {
                throw new DefinitionException("entity set '" + s + "' is not in the pipeline definition " + name);
            }
        }
        return new PipelineDefinition(name, dimensions.stream().filter(t -> entitySets.contains(t.entitySet())).toList(),
                facts.stream().filter(t -> entitySets.contains(t.entitySet())).toList());
    }

    private void checkConsistency(String source) {
        Set<String> seen = new java.util.HashSet<>();
        Set<String> tableNames = new java.util.HashSet<>();
        for (TableDefinition t : tables()) {
            if (!seen.add(t.entitySet())) {
                throw new DefinitionException(source + ": entity set " + t.entitySet() + " feeds two tables");
            }
            if (!tableNames.add(t.table())) {
                throw new DefinitionException(source + ": two tables are named " + t.table());
            }
            // derived names (dim_x, x_key, prefix_id, ...) must stay valid identifiers too
            SqlIdentifier.require(source + ": table", t.table());
            SqlIdentifier.require(source + ": key column", t.kind() == TableDefinition.Kind.DIMENSION ? t.keyColumn() : t.idColumn());
            for (Reference r : t.references()) {
                SqlIdentifier.require(source + ": reference column", r.idColumn());
                SqlIdentifier.require(source + ": reference column", r.keyColumn());
            }
            for (Reference r : t.references()) {
                if (dimensions.stream().noneMatch(d -> d.name().equals(r.dimension()))) {
                    throw new DefinitionException(source + ": " + t.table() + "." + r.property()
                            + " refers to dimension '" + r.dimension() + "', which is not declared");
                }
            }
            Set<String> columns = new java.util.HashSet<>();
            List<String> all = new ArrayList<>(t.columns().values());
            t.references().forEach(r -> {
                all.add(r.idColumn());
                all.add(r.keyColumn());
            });
            all.addAll(t.dateKeys().values());
            if (t.details() != null) {
                all.addAll(t.details().columns().values());
            }
            for (String c : all) {
                if (!columns.add(c) || c.equals(t.idColumn()) || c.equals("loaded_at")) {
                    throw new DefinitionException(source + ": column " + c + " of " + t.table() + " is defined twice or reserved");
                }
            }
        }
    }

    private static List<TableDefinition> tables(JsonNode list, TableDefinition.Kind kind, String source) {
        List<TableDefinition> out = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new DefinitionException(source + ": " + (kind == TableDefinition.Kind.FACT ? "facts" : "dimensions")
                    + " must be a list");
        }
        for (JsonNode t : list) {
            for (Iterator<String> it = t.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!TABLE_KEYS.contains(key)) {
                    throw new DefinitionException(source + ": unknown key '" + key + "' in " + t.path("name").asText("a table")
                            + " (known: " + TABLE_KEYS + ")");
                }
            }
            String name = SqlIdentifier.require("table name", required(t, "name", source));
            String where = source + ": " + name;
            String entitySet = property(where, "entitySet", required(t, "entitySet", source));
            String incremental = optionalProperty(where, t, "incremental");
            String partitionBy = optionalProperty(where, t, "partitionBy");
            Map<String, String> columns = columns(where, t.path("columns"));
            List<Reference> references = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : fields(t.path("references"))) {
                String property = property(where, "reference", e.getKey());
                JsonNode v = e.getValue();
                String dimension = v.isTextual() ? v.asText() : v.path("dimension").asText(null);
                String prefix = v.isTextual() ? v.asText() : v.path("as").asText(dimension);
                references.add(new Reference(property, SqlIdentifier.require(where + " reference dimension", dimension),
                        SqlIdentifier.require(where + " reference prefix", prefix)));
            }
            Map<String, String> dateKeys = columns(where, t.path("dateKeys"));
            TableDefinition.Details details = null;
            if (!t.path("details").isMissingNode()) {
                JsonNode d = t.path("details");
                details = new TableDefinition.Details(property(where, "details entitySet", required(d, "entitySet", where)),
                        columns(where, d.path("columns")));
            }
            if (kind == TableDefinition.Kind.DIMENSION && (!references.isEmpty() || !dateKeys.isEmpty() || details != null)) {
                throw new DefinitionException(where + ": a dimension keeps related ids as columns; references, dateKeys"
                        + " and details are for facts");
            }
            out.add(new TableDefinition(kind, name, entitySet, incremental, partitionBy, columns, references, dateKeys, details));
        }
        return out;
    }

    private static Map<String, String> columns(String where, JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : fields(node)) {
            out.put(property(where, "property", e.getKey()), SqlIdentifier.require(where + " column", e.getValue().asText(null)));
        }
        return out;
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(out::add);
        }
        return out;
    }

    private static String required(JsonNode node, String key, String where) {
        JsonNode v = node.path(key);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new DefinitionException(where + ": '" + key + "' is required");
        }
        return v.asText();
    }

    private static String optionalProperty(String where, JsonNode node, String key) {
        JsonNode v = node.path(key);
        return v.isTextual() ? property(where, key, v.asText()) : null;
    }

    private static String property(String where, String what, String value) {
        if (value == null || !PROPERTY.matcher(value).matches()) {
            throw new DefinitionException(where + ": " + what + " '" + value + "' is not an OData name");
        }
        return value;
    }
}
