package io.tdwarehouse.testing;

import io.tdwarehouse.simulator.model.Row;
import io.tdwarehouse.simulator.tenant.TenantData;
import io.tdwarehouse.simulator.tenant.TenantSchema;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * What the bi views must hold, computed from the simulator's generator, independently of the pipeline: each
 * row as one line of '|'-separated values, and the same lines read from the views.
 */
public final class WarehouseTruth {
    private final TenantData data;

    public WarehouseTruth(TenantData data) {
        this.data = data;
    }

    public static final String INCIDENT_COLUMNS = "incident_id, number, brief_description, status, creation_date, "
            + "modification_date, completed, closed, closed_date, costs, time_spent_seconds, caller_name, branch_name, "
            + "category_name, subcategory_name, call_type, entry_type, impact, urgency, priority, operator_name, "
            + "operator_group_name, processing_status";

    public List<String> incidents() {
        Map<UUID, Row> details = byId("IncidentDetails");
        Function<Object, String> person = names("Persons", r -> r.get("firstName") + " " + r.get("surName"));
        Function<Object, String> branch = names("Branches", r -> (String) r.get("name"));
        Function<Object, String> category = names("Categories", r -> (String) r.get("name"));
        Function<Object, String> subcategory = names("Subcategories", r -> (String) r.get("name"));
        Function<Object, String> callType = names("IncidentCallTypes", r -> (String) r.get("name"));
        Function<Object, String> entryType = names("IncidentEntryTypes", r -> (String) r.get("name"));
        Function<Object, String> impact = names("IncidentImpacts", r -> (String) r.get("name"));
        Function<Object, String> urgency = names("IncidentUrgencies", r -> (String) r.get("name"));
        Function<Object, String> priority = names("IncidentPriorities", r -> (String) r.get("name"));
        Function<Object, String> operator = names("Operators", r -> (String) r.get("name"));
        Function<Object, String> group = names("OperatorGroups", r -> (String) r.get("name"));
        Function<Object, String> status = names("IncidentProcessingStatuses", r -> (String) r.get("name"));
        List<String> out = new ArrayList<>();
        for (Row r : data.view(TenantSchema.get("Incidents")).rows()) {
            Row d = details.get((UUID) r.get("id"));
            out.add(line(r.get("id"), d == null ? null : d.get("number"), d == null ? null : d.get("briefDescription"),
                    r.get("status"), r.get("creationDate"), r.get("modificationDate"), r.get("completed"), r.get("closed"),
                    r.get("closedDate"), r.get("costs"), r.get("timeSpent_inSeconds"), person.apply(r.get("callerId")),
                    branch.apply(r.get("branchId")), category.apply(r.get("categoryId")),
                    subcategory.apply(r.get("subcategoryId")), callType.apply(r.get("callTypeId")),
                    entryType.apply(r.get("entryTypeId")), impact.apply(r.get("impactId")), urgency.apply(r.get("urgencyId")),
                    priority.apply(r.get("priorityId")), operator.apply(r.get("operatorId")),
                    group.apply(r.get("operatorGroupId")), status.apply(r.get("processingStatusId"))));
        }
        return out;
    }

    public static final String CHANGE_COLUMNS = "change_id, number, brief_description, creation_date, modification_date, "
            + "closed, closure_date, requester_name, branch_name, category_name, subcategory_name, change_type, impact, "
            + "priority, operator_name, operator_group_name, processing_status";

    public List<String> changes() {
        Map<UUID, Row> details = byId("ChangeDetails");
        Function<Object, String> person = names("Persons", r -> r.get("firstName") + " " + r.get("surName"));
        List<String> out = new ArrayList<>();
        for (Row r : data.view(TenantSchema.get("Changes")).rows()) {
            Row d = details.get((UUID) r.get("id"));
            out.add(line(r.get("id"), d == null ? null : d.get("number"), d == null ? null : d.get("briefDescription"),
                    r.get("creationDate"), r.get("modificationDate"), r.get("closed"), r.get("closureDate"),
                    person.apply(r.get("requesterId")), name("Branches", r.get("branchId")), name("Categories", r.get("categoryId")),
                    name("Subcategories", r.get("subcategoryId")), name("ChangeTypes", r.get("typeId")),
                    name("ChangeImpacts", r.get("impactId")), name("ChangePriorities", r.get("priorityId")),
                    name("Operators", r.get("operatorId")), name("OperatorGroups", r.get("operatorGroupId")),
                    name("ChangeProcessingStatuses", r.get("processingStatusId"))));
        }
        return out;
    }

    public static final String CHANGE_ACTIVITY_COLUMNS = "change_activity_id, change_id, change_number, creation_date, "
            + "modification_date, rejected, skipped, resolution_date, category_name, subcategory_name, operator_name, "
            + "operator_group_name, processing_status";

    public List<String> changeActivities() {
        Map<UUID, Row> changeDetails = byId("ChangeDetails");
        Map<UUID, Row> changes = byId("Changes");
        List<String> out = new ArrayList<>();
        for (Row r : data.view(TenantSchema.get("ChangeActivities")).rows()) {
            UUID change = (UUID) r.get("changeId");
            Row d = change != null && changes.containsKey(change) ? changeDetails.get(change) : null;
            out.add(line(r.get("id"), change, d == null ? null : d.get("number"), r.get("creationDate"),
                    r.get("modificationDate"), r.get("rejected"), r.get("skipped"), r.get("resolutionDate"),
                    name("Categories", r.get("categoryId")), name("Subcategories", r.get("subcategoryId")),
                    name("Operators", r.get("operatorId")), name("OperatorGroups", r.get("operatorGroupId")),
                    name("ChangeProcessingStatuses", r.get("processingStatusId"))));
        }
        return out;
    }

    /** Asserts that bi.incidents, bi.changes and bi.change_activities hold exactly what the generator implies. */
    public void assertViewsMatch(Connection conn) throws SQLException {
        org.assertj.core.api.Assertions.assertThat(read(conn, "bi.incidents", INCIDENT_COLUMNS)).as("bi.incidents")
                .containsExactlyInAnyOrderElementsOf(incidents());
        org.assertj.core.api.Assertions.assertThat(read(conn, "bi.changes", CHANGE_COLUMNS)).as("bi.changes")
                .containsExactlyInAnyOrderElementsOf(changes());
        org.assertj.core.api.Assertions.assertThat(read(conn, "bi.change_activities", CHANGE_ACTIVITY_COLUMNS))
                .as("bi.change_activities").containsExactlyInAnyOrderElementsOf(changeActivities());
    }

    /** The rows of a bi view, the given columns, as lines. */
    public static List<String> read(Connection conn, String view, String columns) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT " + columns + " FROM " + view)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Object[] values = new Object[md.getColumnCount()];
                for (int i = 0; i < values.length; i++) {
                    String type = md.getColumnTypeName(i + 1);
                    values[i] = type.equals("timestamptz") ? rs.getObject(i + 1, OffsetDateTime.class) : rs.getObject(i + 1);
                }
                out.add(line(values));
            }
        }
        return out;
    }

    private final Map<String, Map<UUID, Row>> cache = new HashMap<>();

    private Map<UUID, Row> byId(String set) {
        return cache.computeIfAbsent(set, s -> {
            Map<UUID, Row> m = new HashMap<>();
            for (Row r : data.view(TenantSchema.get(s)).rows()) {
                m.put((UUID) r.get("id"), r);
            }
            return m;
        });
    }

    private String name(String set, Object id) {
        return names(set, r -> (String) r.get("name")).apply(id);
    }

    /** A resolver: the name of the row with that id, or Unknown when the id is null or the set lacks it. */
    private Function<Object, String> names(String set, Function<Row, String> name) {
        Map<UUID, Row> rows = byId(set);
        return id -> {
            Row r = id == null ? null : rows.get((UUID) id);
            return r == null ? "Unknown" : name.apply(r);
        };
    }

    static String line(Object... values) {
        StringBuilder sb = new StringBuilder();
        for (Object v : values) {
            if (sb.length() > 0) {
                sb.append(" | ");
            }
            sb.append(normalise(v));
        }
        return sb.toString();
    }

    private static String normalise(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof OffsetDateTime t) {
            return t.toInstant().truncatedTo(ChronoUnit.MICROS).toString();
        }
        if (v instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        return v.toString();
    }
}
