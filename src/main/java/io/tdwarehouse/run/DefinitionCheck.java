package io.tdwarehouse.run;

import io.tdwarehouse.definition.DefinitionException;
import io.tdwarehouse.definition.PipelineDefinition;
import io.tdwarehouse.definition.TableDefinition;
import io.tdwarehouse.pipeline.EdmTypes;
import io.tdwarehouse.pipeline.StagingLayout;
import io.tdwarehouse.source.FeedMetadata;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks, before anything is read or written, that the tenant's $metadata has every entity set and property the
 * definition uses, with a type the warehouse table's column can hold. Extra sets and properties of the tenant are
 * fine; a missing or retyped one fails the run with a message that names it.
 */
public final class DefinitionCheck {
    private DefinitionCheck() {
    }

    /** The problems found against the feed (empty when it matches). */
    public static List<String> againstFeed(PipelineDefinition definition, FeedMetadata metadata) {
        List<String> problems = new ArrayList<>();
        for (TableDefinition t : definition.tables()) {
            checkSet(problems, metadata, t.entitySet(), t.properties(), "dw." + t.table());
            if (t.details() != null) {
                List<String> props = new ArrayList<>(List.of("id"));
                props.addAll(t.details().columns().keySet());
                checkSet(problems, metadata, t.details().entitySet(), props, "dw." + t.table());
            }
        }
        return problems;
    }

    private static void checkSet(List<String> problems, FeedMetadata metadata, String set, List<String> properties, String table) {
        if (!metadata.hasEntitySet(set)) {
            problems.add("entity set " + set + " (for " + table + ") is not in the tenant's $metadata: the account may lack "
                    + "a permission, or the tenant does not have it; remove it from the pipeline definition or limit the run with --entity-sets");
            return;
        }
        for (String p : properties) {
            String type = metadata.typeOf(set, p);
            if (type == null) {
                problems.add("property " + set + "." + p + " (for " + table + ") is not in the tenant's $metadata");
            } else {
                try {
                    EdmTypes.sqlType(type, set + "." + p);
                } catch (DefinitionException e) {
                    problems.add(e.getMessage());
                }
            }
        }
    }

    /** The problems found against the warehouse tables (missing tables or columns, types that cannot hold the feed's). */
    public static List<String> againstWarehouse(Connection conn, PipelineDefinition definition, FeedMetadata metadata)
            throws SQLException {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, String>> edm = metadata.entitySets();
        for (TableDefinition t : definition.tables()) {
            Map<String, String> columns = columns(conn, t.table());
            if (columns.isEmpty()) {
                problems.add("warehouse table dw." + t.table() + " does not exist: run 'topdesk-warehouse migrate', or add a "
                        + "migration in sql/ for it");
                continue;
            }
            List<StagingLayout> layouts = new ArrayList<>(List.of(StagingLayout.main(t, edm.get(t.entitySet()))));
            if (t.details() != null) {
                layouts.add(StagingLayout.details(t, edm.get(t.details().entitySet())));
            }
            for (StagingLayout layout : layouts) {
                for (StagingLayout.Column c : layout.warehouseColumns()) {
                    if (layout != layouts.get(0) && c.name().equals("id")) {
                        continue; // the details' key joins the fact's own
                    }
                    String dataType = columns.get(c.name());
                    String source = layout.entitySet() + "." + (c.property() < 0 ? "?" : layout.properties().get(c.property()));
                    if (dataType == null) {
                        problems.add("column dw." + t.table() + "." + c.name() + " (for " + source + ") does not exist");
                    } else if (c.source() == StagingLayout.Source.REFERENCE_KEY || c.source() == StagingLayout.Source.DATE_KEY) {
                        if (!dataType.equals("integer")) {
                            problems.add("column dw." + t.table() + "." + c.name() + " is " + dataType + ", expected integer");
                        }
                    } else if (!EdmTypes.accepts(dataType, c.edmType())) {
                        problems.add("column dw." + t.table() + "." + c.name() + " is " + dataType + " but the feed's "
                                + source + " is now " + c.edmType() + ", which cannot be stored in it: the tenant's "
                                + "$metadata changed the type; a new migration must change the column");
                    }
                }
            }
        }
        return problems;
    }

    private static Map<String, String> columns(Connection conn, String table) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT column_name, data_type FROM information_schema.columns "
                + "WHERE table_schema = 'dw' AND table_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }
}
