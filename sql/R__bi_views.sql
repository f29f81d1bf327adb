-- Views for people and BI tools: one row per incident, change and change activity, with names instead of ids
-- and no surrogate keys in sight. Repeatable: Flyway re-runs this file whenever it changes, so it drops and
-- re-creates the views (without CASCADE: a user's own view on top of these makes the migration fail loudly
-- rather than vanish).

DROP VIEW IF EXISTS bi.incidents;
CREATE VIEW bi.incidents AS
SELECT f.incident_id,
       f.number,
       f.brief_description,
       f.status,
       f.creation_date,
       f.modification_date,
       f.call_date,
       f.target_date,
       f.completed,
       f.completed_date,
       f.closed,
       f.closed_date,
       f.major_call,
       f.main_incident_id,
       f.time_spent_seconds,
       f.costs,
       concat_ws(' ', caller.first_name, caller.surname) AS caller_name,
       branch.name AS branch_name,
       category.name AS category_name,
       subcategory.name AS subcategory_name,
       call_type.name AS call_type,
       entry_type.name AS entry_type,
       impact.name AS impact,
       urgency.name AS urgency,
       priority.name AS priority,
       operator.name AS operator_name,
       operator_group.name AS operator_group_name,
       processing_status.name AS processing_status
FROM dw.fact_incident f
JOIN dw.dim_person caller ON caller.person_key = f.caller_key
JOIN dw.dim_branch branch ON branch.branch_key = f.branch_key
JOIN dw.dim_category category ON category.category_key = f.category_key
JOIN dw.dim_subcategory subcategory ON subcategory.subcategory_key = f.subcategory_key
JOIN dw.dim_incident_call_type call_type ON call_type.incident_call_type_key = f.call_type_key
JOIN dw.dim_incident_entry_type entry_type ON entry_type.incident_entry_type_key = f.entry_type_key
JOIN dw.dim_incident_impact impact ON impact.incident_impact_key = f.impact_key
JOIN dw.dim_incident_urgency urgency ON urgency.incident_urgency_key = f.urgency_key
JOIN dw.dim_incident_priority priority ON priority.incident_priority_key = f.priority_key
JOIN dw.dim_operator operator ON operator.operator_key = f.operator_key
JOIN dw.dim_operator_group operator_group ON operator_group.operator_group_key = f.operator_group_key
JOIN dw.dim_incident_processing_status processing_status
  ON processing_status.incident_processing_status_key = f.processing_status_key
WHERE NOT f.is_deleted;

COMMENT ON VIEW bi.incidents IS 'Incidents with readable names: one row per incident (TOPdesk Incidents + IncidentDetails); deleted ones hidden, archived ones shown';
COMMENT ON COLUMN bi.incidents.incident_id IS 'TOPdesk id of the incident';
COMMENT ON COLUMN bi.incidents.number IS 'Incident number as shown in TOPdesk (e.g. I 2211 016)';
COMMENT ON COLUMN bi.incidents.brief_description IS 'Brief description';
COMMENT ON COLUMN bi.incidents.status IS 'firstLine, secondLine, partial, or one of those archived (…Archived)';
COMMENT ON COLUMN bi.incidents.creation_date IS 'When the incident was registered (UTC)';
COMMENT ON COLUMN bi.incidents.modification_date IS 'When the incident was last changed (UTC)';
COMMENT ON COLUMN bi.incidents.call_date IS 'When the call was made (UTC)';
COMMENT ON COLUMN bi.incidents.target_date IS 'Target date for resolution (UTC)';
COMMENT ON COLUMN bi.incidents.completed IS 'Whether the incident is completed';
COMMENT ON COLUMN bi.incidents.completed_date IS 'When it was completed (UTC)';
COMMENT ON COLUMN bi.incidents.closed IS 'Whether the incident is closed';
COMMENT ON COLUMN bi.incidents.closed_date IS 'When it was closed (UTC)';
COMMENT ON COLUMN bi.incidents.major_call IS 'Whether it is a major incident';
COMMENT ON COLUMN bi.incidents.main_incident_id IS 'TOPdesk id of the major incident this one belongs to';
COMMENT ON COLUMN bi.incidents.time_spent_seconds IS 'Time spent, in seconds';
COMMENT ON COLUMN bi.incidents.costs IS 'Costs booked on the incident';
COMMENT ON COLUMN bi.incidents.caller_name IS 'Name of the caller (Unknown when not set or not visible to the ETL account)';
COMMENT ON COLUMN bi.incidents.branch_name IS 'Name of the branch (Unknown when not set or not visible)';
COMMENT ON COLUMN bi.incidents.category_name IS 'Category (Unknown when not set or not visible)';
COMMENT ON COLUMN bi.incidents.subcategory_name IS 'Subcategory (Unknown when not set or not visible)';
COMMENT ON COLUMN bi.incidents.call_type IS 'Call type';
COMMENT ON COLUMN bi.incidents.entry_type IS 'How the call came in (entry type)';
COMMENT ON COLUMN bi.incidents.impact IS 'Impact';
COMMENT ON COLUMN bi.incidents.urgency IS 'Urgency';
COMMENT ON COLUMN bi.incidents.priority IS 'Priority';
COMMENT ON COLUMN bi.incidents.operator_name IS 'Operator handling the incident';
COMMENT ON COLUMN bi.incidents.operator_group_name IS 'Operator group handling the incident';
COMMENT ON COLUMN bi.incidents.processing_status IS 'Processing status';

DROP VIEW IF EXISTS bi.changes;
CREATE VIEW bi.changes AS
SELECT f.change_id,
       f.number,
       f.brief_description,
       f.creation_date,
       f.modification_date,
       f.closed,
       f.closure_date,
       f.planned_implementation_date,
       concat_ws(' ', requester.first_name, requester.surname) AS requester_name,
       branch.name AS branch_name,
       category.name AS category_name,
       subcategory.name AS subcategory_name,
       change_type.name AS change_type,
       impact.name AS impact,
       priority.name AS priority,
       operator.name AS operator_name,
       operator_group.name AS operator_group_name,
       processing_status.name AS processing_status
FROM dw.fact_change f
JOIN dw.dim_person requester ON requester.person_key = f.requester_key
JOIN dw.dim_branch branch ON branch.branch_key = f.branch_key
JOIN dw.dim_category category ON category.category_key = f.category_key
JOIN dw.dim_subcategory subcategory ON subcategory.subcategory_key = f.subcategory_key
JOIN dw.dim_change_type change_type ON change_type.change_type_key = f.type_key
JOIN dw.dim_change_impact impact ON impact.change_impact_key = f.impact_key
JOIN dw.dim_change_priority priority ON priority.change_priority_key = f.priority_key
JOIN dw.dim_operator operator ON operator.operator_key = f.operator_key
JOIN dw.dim_operator_group operator_group ON operator_group.operator_group_key = f.operator_group_key
JOIN dw.dim_change_processing_status processing_status
  ON processing_status.change_processing_status_key = f.processing_status_key
WHERE NOT f.is_deleted;

COMMENT ON VIEW bi.changes IS 'Changes with readable names: one row per change (TOPdesk Changes + ChangeDetails); deleted ones hidden';
COMMENT ON COLUMN bi.changes.change_id IS 'TOPdesk id of the change';
COMMENT ON COLUMN bi.changes.number IS 'Change number as shown in TOPdesk (e.g. C 2211 003)';
COMMENT ON COLUMN bi.changes.brief_description IS 'Brief description';
COMMENT ON COLUMN bi.changes.creation_date IS 'When the change was registered (UTC)';
COMMENT ON COLUMN bi.changes.modification_date IS 'When the change was last changed (UTC)';
COMMENT ON COLUMN bi.changes.closed IS 'Whether the change is closed';
COMMENT ON COLUMN bi.changes.closure_date IS 'When it was closed (UTC)';
COMMENT ON COLUMN bi.changes.planned_implementation_date IS 'Planned implementation date (UTC)';
COMMENT ON COLUMN bi.changes.requester_name IS 'Name of the requester (Unknown when not set or not visible)';
COMMENT ON COLUMN bi.changes.branch_name IS 'Name of the branch (Unknown when not set or not visible)';
COMMENT ON COLUMN bi.changes.category_name IS 'Category (Unknown when not set or not visible)';
COMMENT ON COLUMN bi.changes.subcategory_name IS 'Subcategory (Unknown when not set or not visible)';
COMMENT ON COLUMN bi.changes.change_type IS 'Change type';
COMMENT ON COLUMN bi.changes.impact IS 'Impact';
COMMENT ON COLUMN bi.changes.priority IS 'Priority';
COMMENT ON COLUMN bi.changes.operator_name IS 'Operator handling the change';
COMMENT ON COLUMN bi.changes.operator_group_name IS 'Operator group handling the change';
COMMENT ON COLUMN bi.changes.processing_status IS 'Processing status';

DROP VIEW IF EXISTS bi.change_activities;
CREATE VIEW bi.change_activities AS
SELECT f.change_activity_id,
       f.change_id,
       parent.number AS change_number,
       f.creation_date,
       f.modification_date,
       f.rejected,
       f.skipped,
       f.resolution_date,
       f.planned_start_date,
       f.planned_final_date,
       category.name AS category_name,
       subcategory.name AS subcategory_name,
       operator.name AS operator_name,
       operator_group.name AS operator_group_name,
       processing_status.name AS processing_status
FROM dw.fact_change_activity f
LEFT JOIN dw.fact_change parent ON parent.change_id = f.change_id AND NOT parent.is_deleted
JOIN dw.dim_category category ON category.category_key = f.category_key
JOIN dw.dim_subcategory subcategory ON subcategory.subcategory_key = f.subcategory_key
JOIN dw.dim_operator operator ON operator.operator_key = f.operator_key
JOIN dw.dim_operator_group operator_group ON operator_group.operator_group_key = f.operator_group_key
JOIN dw.dim_change_processing_status processing_status
  ON processing_status.change_processing_status_key = f.processing_status_key
WHERE NOT f.is_deleted;

COMMENT ON VIEW bi.change_activities IS 'Change activities with readable names: one row per activity (TOPdesk ChangeActivities); deleted ones hidden';
COMMENT ON COLUMN bi.change_activities.change_activity_id IS 'TOPdesk id of the activity';
COMMENT ON COLUMN bi.change_activities.change_id IS 'TOPdesk id of the change it belongs to';
COMMENT ON COLUMN bi.change_activities.change_number IS 'Number of that change (null when the change is not in the warehouse)';
COMMENT ON COLUMN bi.change_activities.creation_date IS 'When the activity was created (UTC)';
COMMENT ON COLUMN bi.change_activities.modification_date IS 'When the activity was last changed (UTC)';
COMMENT ON COLUMN bi.change_activities.rejected IS 'Whether the activity was rejected';
COMMENT ON COLUMN bi.change_activities.skipped IS 'Whether the activity was skipped';
COMMENT ON COLUMN bi.change_activities.resolution_date IS 'When the activity was resolved (UTC)';
COMMENT ON COLUMN bi.change_activities.planned_start_date IS 'Planned start (UTC)';
COMMENT ON COLUMN bi.change_activities.planned_final_date IS 'Planned end (UTC)';
COMMENT ON COLUMN bi.change_activities.category_name IS 'Category (Unknown when not set or not visible)';
COMMENT ON COLUMN bi.change_activities.subcategory_name IS 'Subcategory (Unknown when not set or not visible)';
COMMENT ON COLUMN bi.change_activities.operator_name IS 'Operator handling the activity';
COMMENT ON COLUMN bi.change_activities.operator_group_name IS 'Operator group handling the activity';
COMMENT ON COLUMN bi.change_activities.processing_status IS 'Processing status';
