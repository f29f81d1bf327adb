package io.tdwarehouse.simulator.tenant;

import static io.tdwarehouse.simulator.model.EdmType.BOOLEAN;
import static io.tdwarehouse.simulator.model.EdmType.DATE_TIME_OFFSET;
import static io.tdwarehouse.simulator.model.EdmType.DECIMAL;
import static io.tdwarehouse.simulator.model.EdmType.GUID;
import static io.tdwarehouse.simulator.model.EdmType.INT32;
import static io.tdwarehouse.simulator.model.EdmType.INT64;
import static io.tdwarehouse.simulator.model.EdmType.STRING;

import io.tdwarehouse.simulator.model.EdmType;
import io.tdwarehouse.simulator.model.EntitySetDef;
import io.tdwarehouse.simulator.model.PropertyDef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entity sets of the modelled tenant (shared/reporting-api.md, section 2): names, property names and CSDL
 * types. The rows themselves come from {@link TenantData}.
 */
public final class TenantSchema {
    public static final String NAMESPACE = "TOPdesk.Reporting";

    private static final Map<String, EntitySetDef> SETS = new LinkedHashMap<>();

    static {
        set("Branches", "Branch", audited(p("name", STRING), p("clientReferenceNumber", STRING), p("city", STRING),
                p("country", STRING)));
        set("Departments", "Department", List.of(p("name", STRING)));
        set("Categories", "Category", List.of(p("name", STRING)));
        set("Subcategories", "Subcategory", List.of(p("name", STRING), p("categoryId", GUID)));
        set("Persons", "Person", audited(p("firstName", STRING), p("surName", STRING), p("email", STRING),
                p("employeeNumber", STRING), p("branchId", GUID), p("departmentId", GUID)));
        set("Operators", "Operator", audited(p("name", STRING), p("status", INT32), p("employeeNumber", STRING),
                p("email", STRING), p("loginName", STRING), p("branchId", GUID), p("departmentId", GUID)));
        set("OperatorGroups", "OperatorGroup", audited(p("name", STRING), p("branchId", GUID)));
        set("IncidentProcessingStatuses", "IncidentProcessingStatus", List.of(p("name", STRING), p("order", INT32)));
        for (String lookup : List.of("IncidentPriorities:IncidentPriority", "IncidentImpacts:IncidentImpact",
                "IncidentUrgencies:IncidentUrgency", "IncidentCallTypes:IncidentCallType",
                "IncidentEntryTypes:IncidentEntryType", "ChangeTypes:ChangeType", "ChangeImpacts:ChangeImpact",
                "ChangePriorities:ChangePriority", "ChangeProcessingStatuses:ChangeProcessingStatus")) {
            String[] names = lookup.split(":");
            set(names[0], names[1], List.of(p("name", STRING)));
        }
        set("Incidents", "Incident", audited(p("status", STRING), p("callDate", DATE_TIME_OFFSET),
                p("callerId", GUID), p("branchId", GUID), p("categoryId", GUID), p("subcategoryId", GUID),
                p("callTypeId", GUID), p("entryTypeId", GUID), p("impactId", GUID), p("urgencyId", GUID),
                p("priorityId", GUID), p("operatorId", GUID), p("operatorGroupId", GUID),
                p("processingStatusId", GUID), p("targetDate", DATE_TIME_OFFSET), p("completed", BOOLEAN),
                p("completedDate", DATE_TIME_OFFSET), p("closed", BOOLEAN), p("closedDate", DATE_TIME_OFFSET),
                p("majorCall", BOOLEAN), p("mainIncidentId", GUID), p("archivingReasonId", GUID),
                p("timeSpent_inSeconds", INT64), p("costs", DECIMAL)));
        set("IncidentDetails", "IncidentDetail", List.of(p("number", STRING), p("briefDescription", STRING)));
        set("Changes", "Change", audited(p("requesterId", GUID), p("branchId", GUID), p("categoryId", GUID),
                p("subcategoryId", GUID), p("typeId", GUID), p("impactId", GUID), p("priorityId", GUID),
                p("operatorId", GUID), p("operatorGroupId", GUID), p("processingStatusId", GUID),
                p("closed", BOOLEAN), p("closureDate", DATE_TIME_OFFSET),
                p("plannedImplementationDate", DATE_TIME_OFFSET)));
        set("ChangeDetails", "ChangeDetail", List.of(p("number", STRING), p("briefDescription", STRING)));
        set("ChangeActivities", "ChangeActivity", audited(p("changeId", GUID), p("categoryId", GUID),
                p("subcategoryId", GUID), p("operatorGroupId", GUID), p("operatorId", GUID),
                p("processingStatusId", GUID), p("rejected", BOOLEAN), p("skipped", BOOLEAN),
                p("resolutionDate", DATE_TIME_OFFSET), p("plannedStartDate", DATE_TIME_OFFSET),
                p("plannedFinalDate", DATE_TIME_OFFSET)));
    }

    private TenantSchema() {
    }

    /** Every entity set, in the order of the service document. */
    public static List<EntitySetDef> entitySets() {
        return List.copyOf(SETS.values());
    }

    /** The entity set of that name (case-sensitive, as in OData URLs), or null. */
    public static EntitySetDef find(String name) {
        return SETS.get(name);
    }

    public static EntitySetDef get(String name) {
        EntitySetDef set = SETS.get(name);
        if (set == null) {
            throw new IllegalArgumentException("no entity set " + name);
        }
        return set;
    }

    private static void set(String name, String type, List<PropertyDef> properties) {
        List<PropertyDef> all = new ArrayList<>();
        all.add(PropertyDef.key("id"));
        all.addAll(properties);
        SETS.put(name, new EntitySetDef(name, type, Collections.unmodifiableList(all)));
    }

    private static List<PropertyDef> audited(PropertyDef... properties) {
        List<PropertyDef> all = new ArrayList<>();
        all.add(p("creationDate", DATE_TIME_OFFSET));
        all.add(p("modificationDate", DATE_TIME_OFFSET));
        all.addAll(List.of(properties));
        return all;
    }

    private static PropertyDef p(String name, EdmType type) {
        return PropertyDef.of(name, type);
    }
}
