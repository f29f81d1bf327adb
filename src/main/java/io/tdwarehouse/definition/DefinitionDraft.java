package io.tdwarehouse.definition;

import io.tdwarehouse.pipeline.EdmTypes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A starting pipeline definition guessed from a tenant's entity sets (for {@code discover --write-definition}):
 * <ul>
 *   <li>a set with a {@code name} property becomes a dimension;</li>
 *   <li>a set with {@code creationDate}, {@code modificationDate} and at least {@value #FACT_MIN_IDS} Edm.Guid
 *       properties named {@code ...Id} becomes a fact; each such property becomes a reference to the dimension whose
 *       entity set matches it by name ({@code branchId} → Branches, {@code priorityId} of Incidents →
 *       IncidentPriorities), else a plain column;</li>
 *   <li>{@code <X>Details} joins the fact of entity {@code X} as its details set;</li>
 *   <li>any other set becomes a dimension too, marked for review;</li>
 * </ul>
 * {@code incremental: modificationDate} where the set has it; table and column names are the properties'
 * snake_case, checked with {@link SqlIdentifier}. Properties of types the warehouse does not load are left out.
 * The result is meant to be reviewed, not used blindly: the YAML says so and lists what it guessed.
 */
public final class DefinitionDraft {
    /** How many {@code ...Id} Guid properties (with creation and modification dates) make a set a fact. */
    public static final int FACT_MIN_IDS = 3;
    private static final Pattern ODATA_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Set<String> YAML_SPECIAL = Set.of("y", "n", "yes", "no", "true", "false", "on", "off", "null");
    private static final int MAX_NAME = 55; // dim_/fact_ + name + _key/_id stay within PostgreSQL's 63

    /** What the draft made of an entity set. */
    public enum Role { DIMENSION, FACT, DETAILS, SKIPPED }

    /**
     * @param entitySet the feed's entity set
     * @param role      what it became
     * @param table     the warehouse table (for details: the fact's), or null when skipped
     * @param notes     what to review
     */
    public record Entry(String entitySet, Role role, String table, List<String> notes) {
    }

    private static final class Draft {
        final String entitySet;
        final Map<String, String> properties;
        Role role;
        String name;
        String incremental;
        String partitionBy;
        final Map<String, String> columns = new LinkedHashMap<>();
        final Map<String, String> columnNotes = new LinkedHashMap<>();
        final Map<String, String[]> references = new LinkedHashMap<>(); // property -> {dimension, prefix}
        final Map<String, String> dateKeys = new LinkedHashMap<>();
        Draft details;
        String detailsOf;
        final List<String> notes = new ArrayList<>();

        Draft(String entitySet, Map<String, String> properties) {
            this.entitySet = entitySet;
            this.properties = properties;
        }

        String table() {
            return (role == Role.FACT ? "fact_" : "dim_") + name;
        }
    }

    private final List<Draft> drafts = new ArrayList<>();
    private final Map<Draft, Set<String>> usedColumns = new LinkedHashMap<>();

    private DefinitionDraft() {
    }

    /** The draft for these entity sets (name → property → CSDL type, as {@code FeedMetadata.entitySets()}). */
    public static DefinitionDraft of(Map<String, Map<String, String>> entitySets) {
        DefinitionDraft d = new DefinitionDraft();
        entitySets.forEach((set, props) -> d.drafts.add(new Draft(set, props)));
        d.classify();
        d.name();
        for (Draft t : d.drafts) {
            if (t.role == Role.DIMENSION || t.role == Role.FACT) {
                d.fill(t);
            }
        }
        for (Draft t : d.drafts) {
            if (t.role == Role.DETAILS) {
                d.fillDetails(t);
            }
        }
        return d;
    }

    private void classify() {
        List<Draft> rest = new ArrayList<>();
        for (Draft t : drafts) {
            if (!ODATA_NAME.matcher(t.entitySet).matches()) {
                t.role = Role.SKIPPED;
                t.notes.add("its name is not a plain OData identifier");
            } else if (!"Edm.Guid".equals(t.properties.get("id"))) {
                t.role = Role.SKIPPED;
                t.notes.add("it has no key property 'id' of type Edm.Guid, which every table of the warehouse needs");
            } else if (t.properties.containsKey("name")) {
                t.role = Role.DIMENSION;
            } else if (t.properties.containsKey("creationDate") && t.properties.containsKey("modificationDate")
                    && idProperties(t).size() >= FACT_MIN_IDS) {
                t.role = Role.FACT;
            } else {
                rest.add(t);
            }
        }
        for (Draft t : rest) {
            Draft fact = null;
            if (t.entitySet.endsWith("Details") && t.entitySet.length() > "Details".length()) {
                String entity = t.entitySet.substring(0, t.entitySet.length() - "Details".length());
                fact = drafts.stream().filter(f -> f.role == Role.FACT && f.details == null
                        && singular(f.entitySet).equals(entity)).findFirst().orElse(null);
            }
            if (fact != null) {
                t.role = Role.DETAILS;
                t.detailsOf = fact.entitySet;
                fact.details = t;
            } else {
                t.role = Role.DIMENSION;
                t.notes.add("no 'name' property and not enough ...Id properties for a fact: review whether it is a "
                        + "dimension, a fact, or not wanted");
            }
        }
    }

    private static List<String> idProperties(Draft t) {
        List<String> out = new ArrayList<>();
        t.properties.forEach((p, type) -> {
            if (p.length() > 2 && p.endsWith("Id") && "Edm.Guid".equals(type)) {
                out.add(p);
            }
        });
        return out;
    }

    private void name() {
        Set<String> dims = new HashSet<>();
        Set<String> facts = new HashSet<>();
        for (Draft t : drafts) {
            if (t.role == Role.DIMENSION || t.role == Role.FACT) {
                Set<String> taken = t.role == Role.FACT ? facts : dims;
                t.name = unique(snake(singular(t.entitySet), MAX_NAME), taken);
                taken.add(t.name);
                SqlIdentifier.require("table", t.table());
            }
        }
    }

    private void fill(Draft t) {
        Set<String> used = new HashSet<>(Set.of("loaded_at"));
        used.add(t.role == Role.FACT ? t.name + "_id" : "source_id");
        if (t.role == Role.DIMENSION) {
            used.add(t.name + "_key");
        }
        if ("Edm.DateTimeOffset".equals(t.properties.get("modificationDate"))) {
            t.incremental = "modificationDate";
        }
        if (t.role == Role.FACT) {
            for (String p : idProperties(t)) {
                String prefix = p.substring(0, p.length() - 2);
                Draft dim = dimensionFor(t, prefix);
                if (dim == null) {
                    continue;
                }
                String as = snake(prefix, MAX_NAME);
                if (used.contains(as + "_id") || used.contains(as + "_key")) {
                    continue; // left as a plain column below
                }
                used.add(as + "_id");
                used.add(as + "_key");
                t.references.put(p, new String[] {dim.name, as});
            }
            if ("Edm.DateTimeOffset".equals(t.properties.get("creationDate"))) {
                t.partitionBy = "creationDate";
                String column = unique("creation_date_key", used);
                used.add(column);
                t.dateKeys.put("creationDate", column);
            }
        }
        t.properties.forEach((p, type) -> {
            if (p.equals("id") || t.references.containsKey(p)) {
                return;
            }
            if (!ODATA_NAME.matcher(p).matches()) {
                t.notes.add("property '" + p + "' left out: not a plain OData identifier");
                return;
            }
            if (!loadable(type)) {
                t.notes.add("property " + p + " left out: the warehouse does not load " + type);
                return;
            }
            String column = unique(snake(p, 63), used);
            used.add(column);
            t.columns.put(p, column);
            if (t.role == Role.FACT && p.length() > 2 && p.endsWith("Id") && "Edm.Guid".equals(type)) {
                t.columnNotes.put(p, "no dimension's entity set matches '" + p.substring(0, p.length() - 2)
                        + "' by name: a reference to add by hand?");
            }
        });
        usedColumns.put(t, used); // details columns join the fact's table: fillDetails keeps them apart
    }

    private void fillDetails(Draft d) {
        Draft fact = drafts.stream().filter(f -> f.entitySet.equals(d.detailsOf)).findFirst().orElseThrow();
        Set<String> used = usedColumns.get(fact);
        d.properties.forEach((p, type) -> {
            if (p.equals("id")) {
                return;
            }
            if (!ODATA_NAME.matcher(p).matches() || !loadable(type)) {
                d.notes.add("property " + p + " left out: " + (loadable(type) ? "not a plain OData identifier"
                        : "the warehouse does not load " + type));
                return;
            }
            String column = unique(snake(p, 63), used);
            used.add(column);
            d.columns.put(p, column);
        });
    }

    /** The dimension a {@code <prefix>Id} of a fact refers to, matched by entity set name, or null. */
    private Draft dimensionFor(Draft fact, String prefix) {
        List<String> words = words(singular(fact.entitySet));
        String target = Character.toUpperCase(prefix.charAt(0)) + prefix.substring(1);
        for (int k = words.size(); k >= 0; k--) {
            String candidate = String.join("", words.subList(0, k)) + target;
            for (Draft d : drafts) {
                if (d.role == Role.DIMENSION && singular(d.entitySet).equalsIgnoreCase(candidate)) {
                    return d;
                }
            }
        }
        return null;
    }

    private static boolean loadable(String edmType) {
        try {
            EdmTypes.sqlType(edmType, "");
            return true;
        } catch (DefinitionException e) {
            return false;
        }
    }

    /** What became of each entity set, in the feed's order. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (Draft t : drafts) {
            List<String> notes = new ArrayList<>(t.notes);
            t.columnNotes.forEach((p, n) -> notes.add(p + ": " + n));
            String table = t.role == Role.SKIPPED ? null : t.role == Role.DETAILS
                    ? drafts.stream().filter(f -> f.entitySet.equals(t.detailsOf)).findFirst().orElseThrow().table() : t.table();
            out.add(new Entry(t.entitySet, t.role, table, notes));
        }
        return out;
    }

    /** The draft as pipeline-definition YAML (the format of pipelines/topdesk-reporting.yaml), after {@code header} comment lines. */
    public String yaml(String name, List<String> header) {
        StringBuilder y = new StringBuilder();
        for (String h : header) {
            y.append(h.isEmpty() ? "#" : "# " + h).append('\n');
        }
        List<Draft> skipped = drafts.stream().filter(t -> t.role == Role.SKIPPED).toList();
        if (!skipped.isEmpty()) {
            y.append("#\n# Entity sets left out:\n");
            for (Draft t : skipped) {
                y.append("#   ").append(t.entitySet).append(": ").append(String.join("; ", t.notes)).append('\n');
            }
        }
        y.append("name: ").append(quoted(name)).append("\n\n");
        List<Draft> dims = drafts.stream().filter(t -> t.role == Role.DIMENSION).toList();
        List<Draft> facts = drafts.stream().filter(t -> t.role == Role.FACT).toList();
        y.append("dimensions:").append(dims.isEmpty() ? " []\n" : "\n");
        for (Draft t : dims) {
            table(y, t);
        }
        y.append("\nfacts:").append(facts.isEmpty() ? " []\n" : "\n");
        for (Draft t : facts) {
            table(y, t);
        }
        return y.toString();
    }

    private static void table(StringBuilder y, Draft t) {
        for (String n : t.notes) {
            y.append("  # review: ").append(n).append('\n');
        }
        y.append("  - name: ").append(scalar(t.name)).append('\n');
        y.append("    entitySet: ").append(scalar(t.entitySet)).append('\n');
        if (t.incremental != null) {
            y.append("    incremental: ").append(scalar(t.incremental)).append('\n');
        } else {
            y.append("    # no modificationDate: read whole on every run\n");
        }
        if (t.partitionBy != null) {
            y.append("    partitionBy: ").append(scalar(t.partitionBy)).append('\n');
        }
        mapping(y, "columns", t.columns, t.columnNotes);
        if (!t.references.isEmpty()) {
            y.append("    references:\n");
            t.references.forEach((p, r) -> y.append("      ").append(scalar(p)).append(": ")
                    .append(r[0].equals(r[1]) ? scalar(r[0]) : "{dimension: " + scalar(r[0]) + ", as: " + scalar(r[1]) + "}")
                    .append('\n'));
        }
        if (!t.dateKeys.isEmpty()) {
            mapping(y, "dateKeys", t.dateKeys, Map.of());
        }
        if (t.details != null) {
            for (String n : t.details.notes) {
                y.append("    # review: ").append(n).append('\n');
            }
            y.append("    details:\n");
            y.append("      entitySet: ").append(scalar(t.details.entitySet)).append('\n');
            y.append("      columns:");
            if (t.details.columns.isEmpty()) {
                y.append(" {}\n");
            } else {
                y.append('\n');
                t.details.columns.forEach((p, c) -> y.append("        ").append(scalar(p)).append(": ").append(scalar(c)).append('\n'));
            }
        }
    }

    private static void mapping(StringBuilder y, String key, Map<String, String> map, Map<String, String> notes) {
        y.append("    ").append(key).append(':');
        if (map.isEmpty()) {
            y.append(" {}\n");
            return;
        }
        y.append('\n');
        map.forEach((p, c) -> {
            y.append("      ").append(scalar(p)).append(": ").append(scalar(c));
            if (notes.containsKey(p)) {
                y.append("   # ").append(notes.get(p));
            }
            y.append('\n');
        });
    }

    /** An identifier as a YAML scalar: plain, unless YAML 1.1 would read it as a boolean or null. */
    static String scalar(String s) {
        return YAML_SPECIAL.contains(s.toLowerCase(Locale.ROOT)) ? "'" + s + "'" : s;
    }

    /** Any text as a double-quoted YAML scalar. */
    static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** English singular of an entity set name: Branches → Branch, Categories → Category, Statuses → Status. */
    public static String singular(String plural) {
        String s = plural;
        int n = s.length();
        if (n > 3 && s.endsWith("ies")) {
            return s.substring(0, n - 3) + "y";
        }
        for (String ending : List.of("sses", "shes", "ches", "xes", "zes", "uses")) {
            if (n > ending.length() && s.endsWith(ending)) {
                return s.substring(0, n - 2);
            }
        }
        if (n > 1 && s.endsWith("s") && !s.endsWith("ss") && !s.endsWith("us") && !s.endsWith("is")) {
            return s.substring(0, n - 1);
        }
        return s;
    }

    /** camelCase / PascalCase / with_underscores → snake_case, a valid SQL identifier of at most {@code max} characters. */
    public static String snake(String name, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char prev = i > 0 ? name.charAt(i - 1) : 0;
                char next = i + 1 < name.length() ? name.charAt(i + 1) : 0;
                boolean boundary = i > 0 && (Character.isLowerCase(prev) || Character.isDigit(prev)
                        || (Character.isUpperCase(prev) && Character.isLowerCase(next)));
                if (boundary) {
                    b.append('_');
                }
                b.append(Character.toLowerCase(c));
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                b.append(c);
            } else {
                b.append('_');
            }
        }
        String s = b.toString().replaceAll("_+", "_");
        if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
            s = "_" + s;
        }
        if (s.length() > max) {
            s = s.substring(0, max);
        }
        return SqlIdentifier.require("derived name", s);
    }

    private static String unique(String name, Set<String> taken) {
        if (!taken.contains(name)) {
            return name;
        }
        for (int i = 2; ; i++) {
            String suffix = "_" + i;
            String candidate = (name.length() + suffix.length() > 63 ? name.substring(0, 63 - suffix.length()) : name) + suffix;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }

    /** PascalCase words: IncidentProcessingStatus → [Incident, Processing, Status]. */
    private static List<String> words(String pascal) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < pascal.length(); i++) {
            if (Character.isUpperCase(pascal.charAt(i)) && !Character.isUpperCase(pascal.charAt(i - 1))) {
                out.add(pascal.substring(start, i));
                start = i;
            }
        }
        out.add(pascal.substring(start));
        return out;
    }
}
