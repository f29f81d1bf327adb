-- Facts that point at the Unknown member while carrying a source id (a member that arrived late, or that the
-- account cannot see) are found by one partial index per fact instead of one per reference. Each partial index
-- cost a predicate check on every inserted row (12 of them added about 1 s to 1M incident inserts, measured);
-- the relinking statements (f.<x>_key = 0 AND f.<x>_id IS NOT NULL) still use the combined index, because each
-- of them implies its predicate.
DROP INDEX dw.fact_incident_caller_id_idx;
DROP INDEX dw.fact_incident_branch_id_idx;
DROP INDEX dw.fact_incident_category_id_idx;
DROP INDEX dw.fact_incident_subcategory_id_idx;
DROP INDEX dw.fact_incident_call_type_id_idx;
DROP INDEX dw.fact_incident_entry_type_id_idx;
DROP INDEX dw.fact_incident_impact_id_idx;
DROP INDEX dw.fact_incident_urgency_id_idx;
DROP INDEX dw.fact_incident_priority_id_idx;
DROP INDEX dw.fact_incident_operator_id_idx;
DROP INDEX dw.fact_incident_operator_group_id_idx;
DROP INDEX dw.fact_incident_processing_status_id_idx;
CREATE INDEX fact_incident_dangling_idx ON dw.fact_incident (incident_id) WHERE
    (caller_key = 0 AND caller_id IS NOT NULL)
    OR (branch_key = 0 AND branch_id IS NOT NULL)
    OR (category_key = 0 AND category_id IS NOT NULL)
    OR (subcategory_key = 0 AND subcategory_id IS NOT NULL)
    OR (call_type_key = 0 AND call_type_id IS NOT NULL)
    OR (entry_type_key = 0 AND entry_type_id IS NOT NULL)
    OR (impact_key = 0 AND impact_id IS NOT NULL)
    OR (urgency_key = 0 AND urgency_id IS NOT NULL)
    OR (priority_key = 0 AND priority_id IS NOT NULL)
    OR (operator_key = 0 AND operator_id IS NOT NULL)
    OR (operator_group_key = 0 AND operator_group_id IS NOT NULL)
    OR (processing_status_key = 0 AND processing_status_id IS NOT NULL);
COMMENT ON INDEX dw.fact_incident_dangling_idx IS 'Rows with a reference to a member the warehouse does not have (yet)';
DROP INDEX dw.fact_change_requester_id_idx;
DROP INDEX dw.fact_change_branch_id_idx;
DROP INDEX dw.fact_change_category_id_idx;
DROP INDEX dw.fact_change_subcategory_id_idx;
DROP INDEX dw.fact_change_type_id_idx;
DROP INDEX dw.fact_change_impact_id_idx;
DROP INDEX dw.fact_change_priority_id_idx;
DROP INDEX dw.fact_change_operator_id_idx;
DROP INDEX dw.fact_change_operator_group_id_idx;
DROP INDEX dw.fact_change_processing_status_id_idx;
CREATE INDEX fact_change_dangling_idx ON dw.fact_change (change_id) WHERE
    (requester_key = 0 AND requester_id IS NOT NULL)
    OR (branch_key = 0 AND branch_id IS NOT NULL)
    OR (category_key = 0 AND category_id IS NOT NULL)
    OR (subcategory_key = 0 AND subcategory_id IS NOT NULL)
    OR (type_key = 0 AND type_id IS NOT NULL)
    OR (impact_key = 0 AND impact_id IS NOT NULL)
    OR (priority_key = 0 AND priority_id IS NOT NULL)
    OR (operator_key = 0 AND operator_id IS NOT NULL)
    OR (operator_group_key = 0 AND operator_group_id IS NOT NULL)
    OR (processing_status_key = 0 AND processing_status_id IS NOT NULL);
COMMENT ON INDEX dw.fact_change_dangling_idx IS 'Rows with a reference to a member the warehouse does not have (yet)';
DROP INDEX dw.fact_change_activity_category_id_idx;
DROP INDEX dw.fact_change_activity_subcategory_id_idx;
DROP INDEX dw.fact_change_activity_operator_group_id_idx;
DROP INDEX dw.fact_change_activity_operator_id_idx;
DROP INDEX dw.fact_change_activity_processing_status_id_idx;
CREATE INDEX fact_change_activity_dangling_idx ON dw.fact_change_activity (change_activity_id) WHERE
    (category_key = 0 AND category_id IS NOT NULL)
    OR (subcategory_key = 0 AND subcategory_id IS NOT NULL)
    OR (operator_group_key = 0 AND operator_group_id IS NOT NULL)
    OR (operator_key = 0 AND operator_id IS NOT NULL)
    OR (processing_status_key = 0 AND processing_status_id IS NOT NULL);
COMMENT ON INDEX dw.fact_change_activity_dangling_idx IS 'Rows with a reference to a member the warehouse does not have (yet)';
