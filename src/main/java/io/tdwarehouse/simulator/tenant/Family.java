package io.tdwarehouse.simulator.tenant;

/**
 * Rows that share ids: an entity set and its {@code …Details} set (Incidents and IncidentDetails are keyed by
 * the same id), or a set on its own. Creations, updates and deletes act on the family.
 */
enum Family {
    BRANCHES, DEPARTMENTS, CATEGORIES, SUBCATEGORIES, PERSONS, OPERATORS, OPERATOR_GROUPS,
    INCIDENT_PROCESSING_STATUSES, INCIDENT_PRIORITIES, INCIDENT_IMPACTS, INCIDENT_URGENCIES, INCIDENT_CALL_TYPES,
    INCIDENT_ENTRY_TYPES, INCIDENTS, CHANGES, CHANGE_ACTIVITIES, CHANGE_TYPES, CHANGE_IMPACTS, CHANGE_PRIORITIES,
    CHANGE_PROCESSING_STATUSES, ARCHIVING_REASONS;

    static Family ofEntitySet(String entitySet) {
        return switch (entitySet) {
            case "Branches" -> BRANCHES;
            case "Departments" -> DEPARTMENTS;
            case "Categories" -> CATEGORIES;
            case "Subcategories" -> SUBCATEGORIES;
            case "Persons" -> PERSONS;
            case "Operators" -> OPERATORS;
            case "OperatorGroups" -> OPERATOR_GROUPS;
            case "IncidentProcessingStatuses" -> INCIDENT_PROCESSING_STATUSES;
            case "IncidentPriorities" -> INCIDENT_PRIORITIES;
            case "IncidentImpacts" -> INCIDENT_IMPACTS;
            case "IncidentUrgencies" -> INCIDENT_URGENCIES;
            case "IncidentCallTypes" -> INCIDENT_CALL_TYPES;
            case "IncidentEntryTypes" -> INCIDENT_ENTRY_TYPES;
            case "Incidents", "IncidentDetails" -> INCIDENTS;
            case "Changes", "ChangeDetails" -> CHANGES;
            case "ChangeActivities" -> CHANGE_ACTIVITIES;
            case "ChangeTypes" -> CHANGE_TYPES;
            case "ChangeImpacts" -> CHANGE_IMPACTS;
            case "ChangePriorities" -> CHANGE_PRIORITIES;
            case "ChangeProcessingStatuses" -> CHANGE_PROCESSING_STATUSES;
            default -> throw new IllegalArgumentException("no entity set " + entitySet);
        };
    }

    /** How many rows the family has for a tenant of {@code incidents} incidents (shared/reporting-api.md). */
    int baseCount(int incidents) {
        return switch (this) {
            case BRANCHES -> 50;
            case DEPARTMENTS -> 30;
            case CATEGORIES -> 20;
            case SUBCATEGORIES -> 120;
            case PERSONS -> Math.max(200, incidents / 5);
            case OPERATORS -> 300;
            case OPERATOR_GROUPS -> 40;
            case INCIDENTS -> incidents;
            case CHANGES -> incidents / 10;
            case CHANGE_ACTIVITIES -> 3 * (incidents / 10);
            case ARCHIVING_REASONS -> 3;
            default -> TextPools.lookupNames(lookupSetName()).length;
        };
    }

    private String lookupSetName() {
        return switch (this) {
            case INCIDENT_PROCESSING_STATUSES -> "IncidentProcessingStatuses";
            case INCIDENT_PRIORITIES -> "IncidentPriorities";
            case INCIDENT_IMPACTS -> "IncidentImpacts";
            case INCIDENT_URGENCIES -> "IncidentUrgencies";
            case INCIDENT_CALL_TYPES -> "IncidentCallTypes";
            case INCIDENT_ENTRY_TYPES -> "IncidentEntryTypes";
            case CHANGE_TYPES -> "ChangeTypes";
            case CHANGE_IMPACTS -> "ChangeImpacts";
            case CHANGE_PRIORITIES -> "ChangePriorities";
            case CHANGE_PROCESSING_STATUSES -> "ChangeProcessingStatuses";
            default -> throw new IllegalStateException(name() + " is not a lookup");
        };
    }
}
