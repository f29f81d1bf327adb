-- The warehouse: schemas, dimensions with surrogate keys and an Unknown member, facts with foreign keys to them,
-- a date dimension, and the ETL's own state. Generated once from pipelines/topdesk-reporting.yaml, then edited
-- by hand; like every applied migration it is never edited again: change the schema with a new V<n>__ file.

CREATE SCHEMA IF NOT EXISTS dw;
CREATE SCHEMA IF NOT EXISTS bi;
-- schema etl is created by Flyway: it holds Flyway's own history table
CREATE SCHEMA IF NOT EXISTS staging;

COMMENT ON SCHEMA dw IS 'Star schema loaded from TOPdesk''s Reporting API: dimensions (dim_*) and facts (fact_*)';
COMMENT ON SCHEMA bi IS 'Views for people and BI tools: readable names, no surrogate keys';
COMMENT ON SCHEMA etl IS 'State of the ETL: watermarks, run history, rejected rows, surrogate key registry';
COMMENT ON SCHEMA staging IS 'Scratch tables of running loads; not for reading';

-- Surrogate keys of all dimensions, assigned when a source id is first staged. Keys are never reused.
CREATE TABLE etl.dimension_keys (
    dimension text NOT NULL,
    source_id uuid NOT NULL,
    key integer GENERATED ALWAYS AS IDENTITY (START WITH 1),
    PRIMARY KEY (dimension, source_id),
    UNIQUE (key)
);
COMMENT ON TABLE etl.dimension_keys IS 'Surrogate key of every TOPdesk id seen per dimension';
COMMENT ON COLUMN etl.dimension_keys.dimension IS 'Dimension name as in the pipeline definition (branch, person, ...)';
COMMENT ON COLUMN etl.dimension_keys.source_id IS 'TOPdesk id';
COMMENT ON COLUMN etl.dimension_keys.key IS 'Surrogate key used in dw.dim_<dimension>';

CREATE TABLE dw.dim_date (
    date_key integer PRIMARY KEY,
    date date,
    year integer,
    quarter integer,
    month integer,
    month_name text,
    day_of_month integer,
    iso_day_of_week integer,
    day_name text,
    iso_year integer,
    iso_week integer,
    is_weekend boolean
);
INSERT INTO dw.dim_date VALUES (0, NULL, NULL, NULL, NULL, 'Unknown', NULL, NULL, 'Unknown', NULL, NULL, NULL);
INSERT INTO dw.dim_date
SELECT to_char(d, 'YYYYMMDD')::integer, d::date, extract(year FROM d)::integer, extract(quarter FROM d)::integer,
       extract(month FROM d)::integer, trim(to_char(d, 'Month')), extract(day FROM d)::integer,
       extract(isodow FROM d)::integer, trim(to_char(d, 'Day')), extract(isoyear FROM d)::integer,
       extract(week FROM d)::integer, extract(isodow FROM d) IN (6, 7)
FROM generate_series(DATE '1990-01-01', DATE '2050-12-31', INTERVAL '1 day') AS d;
COMMENT ON TABLE dw.dim_date IS 'Calendar dimension, 1990-2050; date_key is yyyymmdd, 0 is the Unknown date';
COMMENT ON COLUMN dw.dim_date.date_key IS 'yyyymmdd of the date (UTC); 0 when the date is unknown';
COMMENT ON COLUMN dw.dim_date.date IS 'The date';
COMMENT ON COLUMN dw.dim_date.year IS 'Calendar year';
COMMENT ON COLUMN dw.dim_date.quarter IS 'Quarter of the year, 1-4';
COMMENT ON COLUMN dw.dim_date.month IS 'Month, 1-12';
COMMENT ON COLUMN dw.dim_date.month_name IS 'Month name (English)';
COMMENT ON COLUMN dw.dim_date.day_of_month IS 'Day of the month, 1-31';
COMMENT ON COLUMN dw.dim_date.iso_day_of_week IS 'ISO day of the week, 1 = Monday ... 7 = Sunday';
COMMENT ON COLUMN dw.dim_date.day_name IS 'Day name (English)';
COMMENT ON COLUMN dw.dim_date.iso_year IS 'ISO 8601 week-numbering year';
COMMENT ON COLUMN dw.dim_date.iso_week IS 'ISO 8601 week number';
COMMENT ON COLUMN dw.dim_date.is_weekend IS 'Saturday or Sunday';


CREATE TABLE dw.dim_branch (
    branch_key integer PRIMARY KEY,
    source_id uuid UNIQUE,
    name text,
    client_reference_number text,
    city text,
    country text,
    creation_date timestamptz,
    modification_date timestamptz,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO dw.dim_branch (branch_key, source_id, name) VALUES (0, NULL, 'Unknown');
COMMENT ON TABLE dw.dim_branch IS 'Dimension branch, from the entity set Branches; key 0 is the Unknown member';
COMMENT ON COLUMN dw.dim_branch.branch_key IS 'Surrogate key; 0 = Unknown (no id, or an id the feed did not deliver)';
COMMENT ON COLUMN dw.dim_branch.source_id IS 'TOPdesk id (Branches.id)';
COMMENT ON COLUMN dw.dim_branch.name IS 'Name as shown in TOPdesk';
COMMENT ON COLUMN dw.dim_branch.client_reference_number IS 'Client reference number of the branch';
COMMENT ON COLUMN dw.dim_branch.city IS 'City';
COMMENT ON COLUMN dw.dim_branch.country IS 'Country';
COMMENT ON COLUMN dw.dim_branch.creation_date IS 'When the record was created in TOPdesk (UTC)';
COMMENT ON COLUMN dw.dim_branch.modification_date IS 'When the record was last changed in TOPdesk (UTC); drives incremental refresh';
COMMENT ON COLUMN dw.dim_branch.loaded_at IS 'When the ETL last wrote this row';

CREATE TABLE dw.dim_department (
    department_key integer PRIMARY KEY,
    source_id uuid UNIQUE,
    name text,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO dw.dim_department (department_key, source_id, name) VALUES (0, NULL, 'Unknown');
COMMENT ON TABLE dw.dim_department IS 'Dimension department, from the entity set Departments; key 0 is the Unknown member';
COMMENT ON COLUMN dw.dim_department.department_key IS 'Surrogate key; 0 = Unknown (no id, or an id the feed did not deliver)';
COMMENT ON COLUMN dw.dim_department.source_id IS 'TOPdesk id (Departments.id)';
COMMENT ON COLUMN dw.dim_department.name IS 'Name as shown in TOPdesk';
COMMENT ON COLUMN dw.dim_department.loaded_at IS 'When the ETL last wrote this row';

CREATE TABLE dw.dim_category (
    category_key integer PRIMARY KEY,
    source_id uuid UNIQUE,
    name text,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO dw.dim_category (category_key, source_id, name) VALUES (0, NULL, 'Unknown');
COMMENT ON TABLE dw.dim_category IS 'Dimension category, from the entity set Categories; key 0 is the Unknown member';
COMMENT ON COLUMN dw.dim_category.category_key IS 'Surrogate key; 0 = Unknown (no id, or an id the feed did not deliver)';
COMMENT ON COLUMN dw.dim_category.source_id IS 'TOPdesk id (Categories.id)';
COMMENT ON COLUMN dw.dim_category.name IS 'Name as shown in TOPdesk';
COMMENT ON COLUMN dw.dim_category.loaded_at IS 'When the ETL last wrote this row';

CREATE TABLE dw.dim_subcategory (
    subcategory_key integer PRIMARY KEY,
    source_id uuid UNIQUE,
    name text,
    category_id uuid,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO dw.dim_subcategory (subcategory_key, source_id, name) VALUES (0, NULL, 'Unknown');
COMMENT ON TABLE dw.dim_subcategory IS 'Dimension subcategory, from the entity set Subcategories; key 0 is the Unknown member';
COMMENT ON COLUMN dw.dim_subcategory.subcategory_key IS 'Surrogate key; 0 = Unknown (no id, or an id the feed did not deliver)';
COMMENT ON COLUMN dw.dim_subcategory.source_id IS 'TOPdesk id (Subcategories.id)';
COMMENT ON COLUMN dw.dim_subcategory.name IS 'Name as shown in TOPdesk';
COMMENT ON COLUMN dw.dim_subcategory.category_id IS 'TOPdesk id of the category this subcategory belongs to';
COMMENT ON COLUMN dw.dim_subcategory.loaded_at IS 'When the ETL last wrote this row';

CREATE TABLE dw.dim_person (
    person_key integer PRIMARY KEY,
    source_id uuid UNIQUE,
    first_name text,
    surname text,
    email text,
    employee_number text,
    branch_id uuid,
    department_id uuid,
    creation_date timestamptz,
    modification_date timestamptz,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO dw.dim_person (person_key, source_id, surname) VALUES (0, NULL, 'Unknown');
COMMENT ON TABLE dw.dim_person IS 'Dimension person, from the entity set Persons; key 0 is the Unknown member';
COMMENT ON COLUMN dw.dim_person.person_key IS 'Surrogate key; 0 = Unknown (no id, or an id the feed did not deliver)';
COMMENT ON COLUMN dw.dim_person.source_id IS 'TOPdesk id (Persons.id)';
COMMENT ON COLUMN dw.dim_person.first_name IS 'First name';
COMMENT ON COLUMN dw.dim_person.surname IS 'Surname';
COMMENT ON COLUMN dw.dim_person.email IS 'E-mail address';
COMMENT ON COLUMN dw.dim_person.employee_number IS 'Employee number';
COMMENT ON COLUMN dw.dim_person.branch_id IS 'TOPdesk id of the branch';
COMMENT ON COLUMN dw.dim_person.department_id IS 'TOPdesk id of the department';
COMMENT ON COLUMN dw.dim_person.creation_date IS 'When the record was created in TOPdesk (UTC)';
COMMENT ON COLUMN dw.dim_person.modification_date IS 'When the record was last changed in TOPdesk (UTC); drives incremental refresh';
COMMENT ON COLUMN dw.dim_person.loaded_at IS 'When the ETL last wrote this row';

CREATE TABLE dw.dim_operator (
    operator_key integer PRIMARY KEY,
    source_id uuid UNIQUE,
    name text,
    status integer,
    employee_number text,
    email text,
    login_name text,
    branch_id uuid,
    department_id uuid,
    creation_date timestamptz,
    modification_date timestamptz,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO dw.dim_operator (operator_key, source_id, name) VALUES (0, NULL, 'Unknown');
COMMENT ON TABLE dw.dim_operator IS 'Dimension operator, from the entity set Operators; key 0 is the Unknown member';
COMMENT ON COLUMN dw.dim_operator.operator_key IS 'Surrogate key; 0 = Unknown (no id, or an id the feed did not deliver)';
COMMENT ON COLUMN dw.dim_operator.source_id IS 'TOPdesk id (Operators.id)';
COMMENT ON COLUMN dw.dim_operator.name IS 'Name as shown in TOPdesk';
COMMENT ON COLUMN dw.dim_operator.status IS 'Status of the operator (1 = active)';
COMMENT ON COLUMN dw.dim_operator.employee_number IS 'Employee number';
COMMENT ON COLUMN dw.dim_operator.email IS 'E-mail address';
COMMENT ON COLUMN dw.dim_operator.login_name IS 'Login name of the operator';
COMMENT ON COLUMN dw.dim_operator.branch_id IS 'TOPdesk id of the branch';
COMMENT ON COLUMN dw.dim_operator.department_id IS 'TOPdesk id of the department';
COMMENT ON COLUMN dw.dim_operator.creation_date IS 'When the record was created in TOPdesk (UTC)';
COMMENT ON COLUMN dw.dim_operator.modification_date IS 'When the record was last changed in TOPdesk (UTC); drives incremental refresh';
COMMENT ON COLUMN dw.dim_operator.loaded_at IS 'When the ETL last wrote this row';

CREATE TABLE dw.dim_operator_group (
    operator_group_key integer PRIMARY KEY,
    source_id uuid UNIQUE,
    name text,
    branch_id uuid,
    creation_date timestamptz,
    modification_date timestamptz,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO dw.dim_operator_group (operator_group_key, source_id, name) VALUES (0, NULL, 'Unknown');
COMMENT ON TABLE dw.dim_operator_group IS 'Dimension operator group, from the entity set OperatorGroups; key 0 is the Unknown member';
COMMENT ON COLUMN dw.dim_operator_group.operator_group_key IS 'Surrogate key; 0 = Unknown (no id, or an id the feed did not deliver)';
COMMENT ON COLUMN dw.dim_operator_group.source_id IS 'TOPdesk id (OperatorGroups.id)';
COMMENT ON COLUMN dw.dim_operator_group.name IS 'Name as shown in TOPdesk';
COMMENT ON COLUMN dw.dim_operator_group.branch_id IS 'TOPdesk id of the branch';
COMMENT ON COLUMN dw.dim_operator_group.creation_date IS 'When the record was created in TOPdesk (UTC)';
COMMENT ON COLUMN dw.dim_operator_group.modification_date IS 'When the record was last changed in TOPdesk (UTC); drives incremental refresh';
COMMENT ON COLUMN dw.dim_operator_group.loaded_at IS 'When the ETL last wrote this row';

CREATE TABLE dw.dim_incident_processing_status (
    incident_processing_status_key integer PRIMARY KEY,
    source_id uuid UNIQUE,
    name text,
    sort_order integer,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO dw.dim_incident_processing_status (incident_processing_status_key, source_id, name) VALUES (0, NULL, 'Unknown');
COMMENT ON TABLE dw.dim_incident_processing_status IS 'Dimension incident processing status, from the entity set IncidentProcessingStatuses; key 0 is the Unknown member';
COMMENT ON COLUMN dw.dim_incident_processing_status.incident_processing_status_key IS 'Surrogate key; 0 = Unknown (no id, or an id the feed did not deliver)';
COMMENT ON COLUMN dw.dim_incident_processing_status.source_id IS 'TOPdesk id (IncidentProcessingStatuses.id)';
COMMENT ON COLUMN dw.dim_incident_processing_status.name IS 'Name as shown in TOPdesk';
COMMENT ON COLUMN dw.dim_incident_processing_status.sort_order IS 'Position of the status in TOPdesk''s workflow order';
COMMENT ON COLUMN dw.dim_incident_processing_status.loaded_at IS 'When the ETL last wrote this row';

CREATE TABLE dw.dim_incident_priority (
    incident_priority_key integer PRIMARY KEY,
    source_id uuid UNIQUE,
    name text,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO dw.dim_incident_priority (incident_priority_key, source_id, name) VALUES (0, NULL, 'Unknown');
COMMENT ON TABLE dw.dim_incident_priority IS 'Dimension incident priority, from the entity set IncidentPriorities; key 0 is the Unknown member';
COMMENT ON COLUMN dw.dim_incident_priority.incident_priority_key IS 'Surrogate key; 0 = Unknown (no id, or an id the feed did not deliver)';
COMMENT ON COLUMN dw.dim_incident_priority.source_id IS 'TOPdesk id (IncidentPriorities.id)';
COMMENT ON COLUMN dw.dim_incident_priority.name IS 'Name as shown in TOPdesk';
COMMENT ON COLUMN dw.dim_incident_priority.loaded_at IS 'When the ETL last wrote this row';

CREATE TABLE dw.dim_incident_impact (
    incident_impact_key integer PRIMARY KEY,
    source_id uuid UNIQUE,
    name text,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO dw.dim_incident_impact (incident_impact_key, source_id, name) VALUES (0, NULL, 'Unknown');
COMMENT ON TABLE dw.dim_incident_impact IS 'Dimension incident impact, from the entity set IncidentImpacts; key 0 is the Unknown member';
COMMENT ON COLUMN dw.dim_incident_impact.incident_impact_key IS 'Surrogate key; 0 = Unknown (no id, or an id the feed did not deliver)';
COMMENT ON COLUMN dw.dim_incident_impact.source_id IS 'TOPdesk id (IncidentImpacts.id)';
COMMENT ON COLUMN dw.dim_incident_impact.name IS 'Name as shown in TOPdesk';
COMMENT ON COLUMN dw.dim_incident_impact.loaded_at IS 'When the ETL last wrote this row';

CREATE TABLE dw.dim_incident_urgency (
    incident_urgency_key integer PRIMARY KEY,
    source_id uuid UNIQUE,
    name text,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO dw.dim_incident_urgency (incident_urgency_key, source_id, name) VALUES (0, NULL, 'Unknown');
COMMENT ON TABLE dw.dim_incident_urgency IS 'Dimension incident urgency, from the entity set IncidentUrgencies; key 0 is the Unknown member';
COMMENT ON COLUMN dw.dim_incident_urgency.incident_urgency_key IS 'Surrogate key; 0 = Unknown (no id, or an id the feed did not deliver)';
COMMENT ON COLUMN dw.dim_incident_urgency.source_id IS 'TOPdesk id (IncidentUrgencies.id)';
COMMENT ON COLUMN dw.dim_incident_urgency.name IS 'Name as shown in TOPdesk';
COMMENT ON COLUMN dw.dim_incident_urgency.loaded_at IS 'When the ETL last wrote this row';

CREATE TABLE dw.dim_incident_call_type (
    incident_call_type_key integer PRIMARY KEY,
    source_id uuid UNIQUE,
    name text,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO dw.dim_incident_call_type (incident_call_type_key, source_id, name) VALUES (0, NULL, 'Unknown');
COMMENT ON TABLE dw.dim_incident_call_type IS 'Dimension incident call type, from the entity set IncidentCallTypes; key 0 is the Unknown member';
COMMENT ON COLUMN dw.dim_incident_call_type.incident_call_type_key IS 'Surrogate key; 0 = Unknown (no id, or an id the feed did not deliver)';
COMMENT ON COLUMN dw.dim_incident_call_type.source_id IS 'TOPdesk id (IncidentCallTypes.id)';
COMMENT ON COLUMN dw.dim_incident_call_type.name IS 'Name as shown in TOPdesk';
COMMENT ON COLUMN dw.dim_incident_call_type.loaded_at IS 'When the ETL last wrote this row';

CREATE TABLE dw.dim_incident_entry_type (
    incident_entry_type_key integer PRIMARY KEY,
    source_id uuid UNIQUE,
    name text,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO dw.dim_incident_entry_type (incident_entry_type_key, source_id, name) VALUES (0, NULL, 'Unknown');
COMMENT ON TABLE dw.dim_incident_entry_type IS 'Dimension incident entry type, from the entity set IncidentEntryTypes; key 0 is the Unknown member';
COMMENT ON COLUMN dw.dim_incident_entry_type.incident_entry_type_key IS 'Surrogate key; 0 = Unknown (no id, or an id the feed did not deliver)';
COMMENT ON COLUMN dw.dim_incident_entry_type.source_id IS 'TOPdesk id (IncidentEntryTypes.id)';
COMMENT ON COLUMN dw.dim_incident_entry_type.name IS 'Name as shown in TOPdesk';
COMMENT ON COLUMN dw.dim_incident_entry_type.loaded_at IS 'When the ETL last wrote this row';

CREATE TABLE dw.dim_change_type (
    change_type_key integer PRIMARY KEY,
    source_id uuid UNIQUE,
    name text,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO dw.dim_change_type (change_type_key, source_id, name) VALUES (0, NULL, 'Unknown');
COMMENT ON TABLE dw.dim_change_type IS 'Dimension change type, from the entity set ChangeTypes; key 0 is the Unknown member';
COMMENT ON COLUMN dw.dim_change_type.change_type_key IS 'Surrogate key; 0 = Unknown (no id, or an id the feed did not deliver)';
COMMENT ON COLUMN dw.dim_change_type.source_id IS 'TOPdesk id (ChangeTypes.id)';
COMMENT ON COLUMN dw.dim_change_type.name IS 'Name as shown in TOPdesk';
COMMENT ON COLUMN dw.dim_change_type.loaded_at IS 'When the ETL last wrote this row';

CREATE TABLE dw.dim_change_impact (
    change_impact_key integer PRIMARY KEY,
    source_id uuid UNIQUE,
    name text,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO dw.dim_change_impact (change_impact_key, source_id, name) VALUES (0, NULL, 'Unknown');
COMMENT ON TABLE dw.dim_change_impact IS 'Dimension change impact, from the entity set ChangeImpacts; key 0 is the Unknown member';
COMMENT ON COLUMN dw.dim_change_impact.change_impact_key IS 'Surrogate key; 0 = Unknown (no id, or an id the feed did not deliver)';
COMMENT ON COLUMN dw.dim_change_impact.source_id IS 'TOPdesk id (ChangeImpacts.id)';
COMMENT ON COLUMN dw.dim_change_impact.name IS 'Name as shown in TOPdesk';
COMMENT ON COLUMN dw.dim_change_impact.loaded_at IS 'When the ETL last wrote this row';

CREATE TABLE dw.dim_change_priority (
    change_priority_key integer PRIMARY KEY,
    source_id uuid UNIQUE,
    name text,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO dw.dim_change_priority (change_priority_key, source_id, name) VALUES (0, NULL, 'Unknown');
COMMENT ON TABLE dw.dim_change_priority IS 'Dimension change priority, from the entity set ChangePriorities; key 0 is the Unknown member';
COMMENT ON COLUMN dw.dim_change_priority.change_priority_key IS 'Surrogate key; 0 = Unknown (no id, or an id the feed did not deliver)';
COMMENT ON COLUMN dw.dim_change_priority.source_id IS 'TOPdesk id (ChangePriorities.id)';
COMMENT ON COLUMN dw.dim_change_priority.name IS 'Name as shown in TOPdesk';
COMMENT ON COLUMN dw.dim_change_priority.loaded_at IS 'When the ETL last wrote this row';

CREATE TABLE dw.dim_change_processing_status (
    change_processing_status_key integer PRIMARY KEY,
    source_id uuid UNIQUE,
    name text,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO dw.dim_change_processing_status (change_processing_status_key, source_id, name) VALUES (0, NULL, 'Unknown');
COMMENT ON TABLE dw.dim_change_processing_status IS 'Dimension change processing status, from the entity set ChangeProcessingStatuses; key 0 is the Unknown member';
COMMENT ON COLUMN dw.dim_change_processing_status.change_processing_status_key IS 'Surrogate key; 0 = Unknown (no id, or an id the feed did not deliver)';
COMMENT ON COLUMN dw.dim_change_processing_status.source_id IS 'TOPdesk id (ChangeProcessingStatuses.id)';
COMMENT ON COLUMN dw.dim_change_processing_status.name IS 'Name as shown in TOPdesk';
COMMENT ON COLUMN dw.dim_change_processing_status.loaded_at IS 'When the ETL last wrote this row';

CREATE TABLE dw.fact_incident (
    incident_id uuid PRIMARY KEY,
    number text,
    brief_description text,
    status text,
    creation_date timestamptz,
    modification_date timestamptz,
    call_date timestamptz,
    target_date timestamptz,
    completed boolean,
    completed_date timestamptz,
    closed boolean,
    closed_date timestamptz,
    major_call boolean,
    main_incident_id uuid,
    archiving_reason_id uuid,
    time_spent_seconds bigint,
    costs numeric(18,2),
    caller_id uuid,
    caller_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_person (person_key),
    branch_id uuid,
    branch_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_branch (branch_key),
    category_id uuid,
    category_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_category (category_key),
    subcategory_id uuid,
    subcategory_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_subcategory (subcategory_key),
    call_type_id uuid,
    call_type_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_incident_call_type (incident_call_type_key),
    entry_type_id uuid,
    entry_type_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_incident_entry_type (incident_entry_type_key),
    impact_id uuid,
    impact_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_incident_impact (incident_impact_key),
    urgency_id uuid,
    urgency_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_incident_urgency (incident_urgency_key),
    priority_id uuid,
    priority_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_incident_priority (incident_priority_key),
    operator_id uuid,
    operator_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_operator (operator_key),
    operator_group_id uuid,
    operator_group_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_operator_group (operator_group_key),
    processing_status_id uuid,
    processing_status_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_incident_processing_status (incident_processing_status_key),
    creation_date_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_date (date_key),
    closed_date_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_date (date_key),
    loaded_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE dw.fact_incident IS 'Facts: one row per record of the entity set Incidents joined with IncidentDetails';
COMMENT ON COLUMN dw.fact_incident.incident_id IS 'TOPdesk id (Incidents.id)';
COMMENT ON COLUMN dw.fact_incident.number IS 'Number as shown in TOPdesk (e.g. I 2211 016)';
COMMENT ON COLUMN dw.fact_incident.brief_description IS 'Brief description';
COMMENT ON COLUMN dw.fact_incident.status IS 'Status of the incident (firstLine, secondLine, partial, ...Archived)';
COMMENT ON COLUMN dw.fact_incident.creation_date IS 'When the record was created in TOPdesk (UTC)';
COMMENT ON COLUMN dw.fact_incident.modification_date IS 'When the record was last changed in TOPdesk (UTC); drives incremental refresh';
COMMENT ON COLUMN dw.fact_incident.call_date IS 'When the call was made (UTC)';
COMMENT ON COLUMN dw.fact_incident.target_date IS 'Target date for resolution (UTC)';
COMMENT ON COLUMN dw.fact_incident.completed IS 'Whether the incident is completed';
COMMENT ON COLUMN dw.fact_incident.completed_date IS 'When the incident was completed (UTC)';
COMMENT ON COLUMN dw.fact_incident.closed IS 'Whether the record is closed';
COMMENT ON COLUMN dw.fact_incident.closed_date IS 'When the incident was closed (UTC)';
COMMENT ON COLUMN dw.fact_incident.major_call IS 'Whether the incident is a major incident';
COMMENT ON COLUMN dw.fact_incident.main_incident_id IS 'TOPdesk id of the major incident this one is linked to';
COMMENT ON COLUMN dw.fact_incident.archiving_reason_id IS 'TOPdesk id of the archiving reason (set when archived)';
COMMENT ON COLUMN dw.fact_incident.time_spent_seconds IS 'Time spent, in seconds';
COMMENT ON COLUMN dw.fact_incident.costs IS 'Costs booked on the incident';
COMMENT ON COLUMN dw.fact_incident.caller_id IS 'TOPdesk id of the caller (callerId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_incident.caller_key IS 'Key of the caller in dw.dim_person; 0 = Unknown';
COMMENT ON COLUMN dw.fact_incident.branch_id IS 'TOPdesk id of the branch (branchId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_incident.branch_key IS 'Key of the branch in dw.dim_branch; 0 = Unknown';
COMMENT ON COLUMN dw.fact_incident.category_id IS 'TOPdesk id of the category (categoryId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_incident.category_key IS 'Key of the category in dw.dim_category; 0 = Unknown';
COMMENT ON COLUMN dw.fact_incident.subcategory_id IS 'TOPdesk id of the subcategory (subcategoryId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_incident.subcategory_key IS 'Key of the subcategory in dw.dim_subcategory; 0 = Unknown';
COMMENT ON COLUMN dw.fact_incident.call_type_id IS 'TOPdesk id of the call type (callTypeId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_incident.call_type_key IS 'Key of the call type in dw.dim_incident_call_type; 0 = Unknown';
COMMENT ON COLUMN dw.fact_incident.entry_type_id IS 'TOPdesk id of the entry type (entryTypeId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_incident.entry_type_key IS 'Key of the entry type in dw.dim_incident_entry_type; 0 = Unknown';
COMMENT ON COLUMN dw.fact_incident.impact_id IS 'TOPdesk id of the impact (impactId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_incident.impact_key IS 'Key of the impact in dw.dim_incident_impact; 0 = Unknown';
COMMENT ON COLUMN dw.fact_incident.urgency_id IS 'TOPdesk id of the urgency (urgencyId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_incident.urgency_key IS 'Key of the urgency in dw.dim_incident_urgency; 0 = Unknown';
COMMENT ON COLUMN dw.fact_incident.priority_id IS 'TOPdesk id of the priority (priorityId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_incident.priority_key IS 'Key of the priority in dw.dim_incident_priority; 0 = Unknown';
COMMENT ON COLUMN dw.fact_incident.operator_id IS 'TOPdesk id of the operator (operatorId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_incident.operator_key IS 'Key of the operator in dw.dim_operator; 0 = Unknown';
COMMENT ON COLUMN dw.fact_incident.operator_group_id IS 'TOPdesk id of the operator group (operatorGroupId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_incident.operator_group_key IS 'Key of the operator group in dw.dim_operator_group; 0 = Unknown';
COMMENT ON COLUMN dw.fact_incident.processing_status_id IS 'TOPdesk id of the processing status (processingStatusId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_incident.processing_status_key IS 'Key of the processing status in dw.dim_incident_processing_status; 0 = Unknown';
COMMENT ON COLUMN dw.fact_incident.creation_date_key IS 'Date of creationDate (UTC) as a key of dw.dim_date; 0 = unknown';
COMMENT ON COLUMN dw.fact_incident.closed_date_key IS 'Date of closedDate (UTC) as a key of dw.dim_date; 0 = unknown';
COMMENT ON COLUMN dw.fact_incident.loaded_at IS 'When the ETL last wrote this row';
CREATE INDEX ON dw.fact_incident (caller_id) WHERE caller_key = 0 AND caller_id IS NOT NULL;
CREATE INDEX ON dw.fact_incident (branch_id) WHERE branch_key = 0 AND branch_id IS NOT NULL;
CREATE INDEX ON dw.fact_incident (category_id) WHERE category_key = 0 AND category_id IS NOT NULL;
CREATE INDEX ON dw.fact_incident (subcategory_id) WHERE subcategory_key = 0 AND subcategory_id IS NOT NULL;
CREATE INDEX ON dw.fact_incident (call_type_id) WHERE call_type_key = 0 AND call_type_id IS NOT NULL;
CREATE INDEX ON dw.fact_incident (entry_type_id) WHERE entry_type_key = 0 AND entry_type_id IS NOT NULL;
CREATE INDEX ON dw.fact_incident (impact_id) WHERE impact_key = 0 AND impact_id IS NOT NULL;
CREATE INDEX ON dw.fact_incident (urgency_id) WHERE urgency_key = 0 AND urgency_id IS NOT NULL;
CREATE INDEX ON dw.fact_incident (priority_id) WHERE priority_key = 0 AND priority_id IS NOT NULL;
CREATE INDEX ON dw.fact_incident (operator_id) WHERE operator_key = 0 AND operator_id IS NOT NULL;
CREATE INDEX ON dw.fact_incident (operator_group_id) WHERE operator_group_key = 0 AND operator_group_id IS NOT NULL;
CREATE INDEX ON dw.fact_incident (processing_status_id) WHERE processing_status_key = 0 AND processing_status_id IS NOT NULL;
CREATE INDEX ON dw.fact_incident (modification_date);

CREATE TABLE dw.fact_change (
    change_id uuid PRIMARY KEY,
    number text,
    brief_description text,
    creation_date timestamptz,
    modification_date timestamptz,
    closed boolean,
    closure_date timestamptz,
    planned_implementation_date timestamptz,
    requester_id uuid,
    requester_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_person (person_key),
    branch_id uuid,
    branch_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_branch (branch_key),
    category_id uuid,
    category_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_category (category_key),
    subcategory_id uuid,
    subcategory_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_subcategory (subcategory_key),
    type_id uuid,
    type_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_change_type (change_type_key),
    impact_id uuid,
    impact_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_change_impact (change_impact_key),
    priority_id uuid,
    priority_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_change_priority (change_priority_key),
    operator_id uuid,
    operator_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_operator (operator_key),
    operator_group_id uuid,
    operator_group_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_operator_group (operator_group_key),
    processing_status_id uuid,
    processing_status_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_change_processing_status (change_processing_status_key),
    creation_date_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_date (date_key),
    closure_date_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_date (date_key),
    loaded_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE dw.fact_change IS 'Facts: one row per record of the entity set Changes joined with ChangeDetails';
COMMENT ON COLUMN dw.fact_change.change_id IS 'TOPdesk id (Changes.id)';
COMMENT ON COLUMN dw.fact_change.number IS 'Number as shown in TOPdesk (e.g. I 2211 016)';
COMMENT ON COLUMN dw.fact_change.brief_description IS 'Brief description';
COMMENT ON COLUMN dw.fact_change.creation_date IS 'When the record was created in TOPdesk (UTC)';
COMMENT ON COLUMN dw.fact_change.modification_date IS 'When the record was last changed in TOPdesk (UTC); drives incremental refresh';
COMMENT ON COLUMN dw.fact_change.closed IS 'Whether the record is closed';
COMMENT ON COLUMN dw.fact_change.closure_date IS 'When the change was closed (UTC)';
COMMENT ON COLUMN dw.fact_change.planned_implementation_date IS 'Planned implementation date of the change (UTC)';
COMMENT ON COLUMN dw.fact_change.requester_id IS 'TOPdesk id of the requester (requesterId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_change.requester_key IS 'Key of the requester in dw.dim_person; 0 = Unknown';
COMMENT ON COLUMN dw.fact_change.branch_id IS 'TOPdesk id of the branch (branchId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_change.branch_key IS 'Key of the branch in dw.dim_branch; 0 = Unknown';
COMMENT ON COLUMN dw.fact_change.category_id IS 'TOPdesk id of the category (categoryId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_change.category_key IS 'Key of the category in dw.dim_category; 0 = Unknown';
COMMENT ON COLUMN dw.fact_change.subcategory_id IS 'TOPdesk id of the subcategory (subcategoryId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_change.subcategory_key IS 'Key of the subcategory in dw.dim_subcategory; 0 = Unknown';
COMMENT ON COLUMN dw.fact_change.type_id IS 'TOPdesk id of the type (typeId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_change.type_key IS 'Key of the type in dw.dim_change_type; 0 = Unknown';
COMMENT ON COLUMN dw.fact_change.impact_id IS 'TOPdesk id of the impact (impactId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_change.impact_key IS 'Key of the impact in dw.dim_change_impact; 0 = Unknown';
COMMENT ON COLUMN dw.fact_change.priority_id IS 'TOPdesk id of the priority (priorityId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_change.priority_key IS 'Key of the priority in dw.dim_change_priority; 0 = Unknown';
COMMENT ON COLUMN dw.fact_change.operator_id IS 'TOPdesk id of the operator (operatorId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_change.operator_key IS 'Key of the operator in dw.dim_operator; 0 = Unknown';
COMMENT ON COLUMN dw.fact_change.operator_group_id IS 'TOPdesk id of the operator group (operatorGroupId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_change.operator_group_key IS 'Key of the operator group in dw.dim_operator_group; 0 = Unknown';
COMMENT ON COLUMN dw.fact_change.processing_status_id IS 'TOPdesk id of the processing status (processingStatusId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_change.processing_status_key IS 'Key of the processing status in dw.dim_change_processing_status; 0 = Unknown';
COMMENT ON COLUMN dw.fact_change.creation_date_key IS 'Date of creationDate (UTC) as a key of dw.dim_date; 0 = unknown';
COMMENT ON COLUMN dw.fact_change.closure_date_key IS 'Date of closureDate (UTC) as a key of dw.dim_date; 0 = unknown';
COMMENT ON COLUMN dw.fact_change.loaded_at IS 'When the ETL last wrote this row';
CREATE INDEX ON dw.fact_change (requester_id) WHERE requester_key = 0 AND requester_id IS NOT NULL;
CREATE INDEX ON dw.fact_change (branch_id) WHERE branch_key = 0 AND branch_id IS NOT NULL;
CREATE INDEX ON dw.fact_change (category_id) WHERE category_key = 0 AND category_id IS NOT NULL;
CREATE INDEX ON dw.fact_change (subcategory_id) WHERE subcategory_key = 0 AND subcategory_id IS NOT NULL;
CREATE INDEX ON dw.fact_change (type_id) WHERE type_key = 0 AND type_id IS NOT NULL;
CREATE INDEX ON dw.fact_change (impact_id) WHERE impact_key = 0 AND impact_id IS NOT NULL;
CREATE INDEX ON dw.fact_change (priority_id) WHERE priority_key = 0 AND priority_id IS NOT NULL;
CREATE INDEX ON dw.fact_change (operator_id) WHERE operator_key = 0 AND operator_id IS NOT NULL;
CREATE INDEX ON dw.fact_change (operator_group_id) WHERE operator_group_key = 0 AND operator_group_id IS NOT NULL;
CREATE INDEX ON dw.fact_change (processing_status_id) WHERE processing_status_key = 0 AND processing_status_id IS NOT NULL;
CREATE INDEX ON dw.fact_change (modification_date);

CREATE TABLE dw.fact_change_activity (
    change_activity_id uuid PRIMARY KEY,
    change_id uuid,
    creation_date timestamptz,
    modification_date timestamptz,
    rejected boolean,
    skipped boolean,
    resolution_date timestamptz,
    planned_start_date timestamptz,
    planned_final_date timestamptz,
    category_id uuid,
    category_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_category (category_key),
    subcategory_id uuid,
    subcategory_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_subcategory (subcategory_key),
    operator_group_id uuid,
    operator_group_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_operator_group (operator_group_key),
    operator_id uuid,
    operator_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_operator (operator_key),
    processing_status_id uuid,
    processing_status_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_change_processing_status (change_processing_status_key),
    creation_date_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_date (date_key),
    resolution_date_key integer NOT NULL DEFAULT 0 REFERENCES dw.dim_date (date_key),
    loaded_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE dw.fact_change_activity IS 'Facts: one row per record of the entity set ChangeActivities';
COMMENT ON COLUMN dw.fact_change_activity.change_activity_id IS 'TOPdesk id (ChangeActivities.id)';
COMMENT ON COLUMN dw.fact_change_activity.change_id IS 'TOPdesk id of the change this activity belongs to';
COMMENT ON COLUMN dw.fact_change_activity.creation_date IS 'When the record was created in TOPdesk (UTC)';
COMMENT ON COLUMN dw.fact_change_activity.modification_date IS 'When the record was last changed in TOPdesk (UTC); drives incremental refresh';
COMMENT ON COLUMN dw.fact_change_activity.rejected IS 'Whether the activity was rejected';
COMMENT ON COLUMN dw.fact_change_activity.skipped IS 'Whether the activity was skipped';
COMMENT ON COLUMN dw.fact_change_activity.resolution_date IS 'When the activity was resolved (UTC)';
COMMENT ON COLUMN dw.fact_change_activity.planned_start_date IS 'Planned start of the activity (UTC)';
COMMENT ON COLUMN dw.fact_change_activity.planned_final_date IS 'Planned end of the activity (UTC)';
COMMENT ON COLUMN dw.fact_change_activity.category_id IS 'TOPdesk id of the category (categoryId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_change_activity.category_key IS 'Key of the category in dw.dim_category; 0 = Unknown';
COMMENT ON COLUMN dw.fact_change_activity.subcategory_id IS 'TOPdesk id of the subcategory (subcategoryId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_change_activity.subcategory_key IS 'Key of the subcategory in dw.dim_subcategory; 0 = Unknown';
COMMENT ON COLUMN dw.fact_change_activity.operator_group_id IS 'TOPdesk id of the operator group (operatorGroupId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_change_activity.operator_group_key IS 'Key of the operator group in dw.dim_operator_group; 0 = Unknown';
COMMENT ON COLUMN dw.fact_change_activity.operator_id IS 'TOPdesk id of the operator (operatorId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_change_activity.operator_key IS 'Key of the operator in dw.dim_operator; 0 = Unknown';
COMMENT ON COLUMN dw.fact_change_activity.processing_status_id IS 'TOPdesk id of the processing status (processingStatusId); kept to link a late-arriving member';
COMMENT ON COLUMN dw.fact_change_activity.processing_status_key IS 'Key of the processing status in dw.dim_change_processing_status; 0 = Unknown';
COMMENT ON COLUMN dw.fact_change_activity.creation_date_key IS 'Date of creationDate (UTC) as a key of dw.dim_date; 0 = unknown';
COMMENT ON COLUMN dw.fact_change_activity.resolution_date_key IS 'Date of resolutionDate (UTC) as a key of dw.dim_date; 0 = unknown';
COMMENT ON COLUMN dw.fact_change_activity.loaded_at IS 'When the ETL last wrote this row';
CREATE INDEX ON dw.fact_change_activity (category_id) WHERE category_key = 0 AND category_id IS NOT NULL;
CREATE INDEX ON dw.fact_change_activity (subcategory_id) WHERE subcategory_key = 0 AND subcategory_id IS NOT NULL;
CREATE INDEX ON dw.fact_change_activity (operator_group_id) WHERE operator_group_key = 0 AND operator_group_id IS NOT NULL;
CREATE INDEX ON dw.fact_change_activity (operator_id) WHERE operator_key = 0 AND operator_id IS NOT NULL;
CREATE INDEX ON dw.fact_change_activity (processing_status_id) WHERE processing_status_key = 0 AND processing_status_id IS NOT NULL;
CREATE INDEX ON dw.fact_change_activity (modification_date);

CREATE TABLE etl.runs (
    run_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    mode text NOT NULL,
    outcome text NOT NULL DEFAULT 'running',
    error text
);
COMMENT ON TABLE etl.runs IS 'One row per run of the ETL';
COMMENT ON COLUMN etl.runs.run_id IS 'Run number';
COMMENT ON COLUMN etl.runs.started_at IS 'When the run started';
COMMENT ON COLUMN etl.runs.finished_at IS 'When the run ended (null while running or if the process died)';
COMMENT ON COLUMN etl.runs.mode IS 'incremental or full';
COMMENT ON COLUMN etl.runs.outcome IS 'running, succeeded or failed';
COMMENT ON COLUMN etl.runs.error IS 'Why the run failed';

CREATE TABLE etl.run_entity_sets (
    run_id bigint NOT NULL REFERENCES etl.runs,
    entity_set text NOT NULL,
    target_table text NOT NULL,
    read_mode text NOT NULL,
    window_from timestamptz,
    rows_read bigint NOT NULL DEFAULT 0,
    rows_written bigint NOT NULL DEFAULT 0,
    rows_rejected bigint NOT NULL DEFAULT 0,
    dangling_references bigint NOT NULL DEFAULT 0,
    http_requests bigint NOT NULL DEFAULT 0,
    watermark_before timestamptz,
    watermark_after timestamptz,
    duration_ms bigint,
    outcome text NOT NULL,
    PRIMARY KEY (run_id, entity_set)
);
COMMENT ON TABLE etl.run_entity_sets IS 'Per run and entity set: what was read, written and rejected';
COMMENT ON COLUMN etl.run_entity_sets.run_id IS 'Run number';
COMMENT ON COLUMN etl.run_entity_sets.entity_set IS 'Entity set of the feed';
COMMENT ON COLUMN etl.run_entity_sets.target_table IS 'Table it feeds';
COMMENT ON COLUMN etl.run_entity_sets.read_mode IS 'full, incremental, whole (no incremental field) or by-id (details)';
COMMENT ON COLUMN etl.run_entity_sets.window_from IS 'Lower bound of the modificationDate window read (incremental)';
COMMENT ON COLUMN etl.run_entity_sets.rows_read IS 'Rows received from the feed';
COMMENT ON COLUMN etl.run_entity_sets.rows_written IS 'Rows inserted or changed in the warehouse';
COMMENT ON COLUMN etl.run_entity_sets.rows_rejected IS 'Rows that could not be loaded (see etl.rejects)';
COMMENT ON COLUMN etl.run_entity_sets.dangling_references IS 'References to ids the feed did not deliver, linked to the Unknown member';
COMMENT ON COLUMN etl.run_entity_sets.http_requests IS 'HTTP requests made to read the set, retries included';
COMMENT ON COLUMN etl.run_entity_sets.watermark_before IS 'Watermark before the run';
COMMENT ON COLUMN etl.run_entity_sets.watermark_after IS 'Watermark after the run';
COMMENT ON COLUMN etl.run_entity_sets.duration_ms IS 'Time spent reading and staging the set, in milliseconds';
COMMENT ON COLUMN etl.run_entity_sets.outcome IS 'succeeded or failed';

CREATE TABLE etl.run_tasks (
    run_id bigint NOT NULL REFERENCES etl.runs,
    task_id integer NOT NULL,
    entity_set text NOT NULL,
    rows_read bigint NOT NULL,
    rows_staged bigint NOT NULL,
    rows_rejected bigint NOT NULL,
    dangling_references bigint NOT NULL,
    http_requests bigint NOT NULL,
    duration_ms bigint NOT NULL,
    PRIMARY KEY (run_id, task_id, entity_set)
);
COMMENT ON TABLE etl.run_tasks IS 'Per run and read task (an entity set, or a window of one): what it read and staged';
COMMENT ON COLUMN etl.run_tasks.run_id IS 'Run number';
COMMENT ON COLUMN etl.run_tasks.task_id IS 'Read task within the run';
COMMENT ON COLUMN etl.run_tasks.entity_set IS 'Entity set read';
COMMENT ON COLUMN etl.run_tasks.rows_read IS 'Rows received';
COMMENT ON COLUMN etl.run_tasks.rows_staged IS 'Rows written to staging';
COMMENT ON COLUMN etl.run_tasks.rows_rejected IS 'Rows rejected (see etl.rejects)';
COMMENT ON COLUMN etl.run_tasks.dangling_references IS 'References to ids the feed did not deliver';
COMMENT ON COLUMN etl.run_tasks.http_requests IS 'HTTP requests, retries included';
COMMENT ON COLUMN etl.run_tasks.duration_ms IS 'Duration in milliseconds';

CREATE TABLE etl.watermarks (
    entity_set text PRIMARY KEY,
    watermark timestamptz NOT NULL,
    run_id bigint NOT NULL REFERENCES etl.runs,
    updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE etl.watermarks IS 'Incremental refresh state: the greatest modificationDate among committed rows, per entity set';
COMMENT ON COLUMN etl.watermarks.entity_set IS 'Entity set of the feed';
COMMENT ON COLUMN etl.watermarks.watermark IS 'Greatest modificationDate among the rows committed (never the wall clock)';
COMMENT ON COLUMN etl.watermarks.run_id IS 'Run that last moved it';
COMMENT ON COLUMN etl.watermarks.updated_at IS 'When it last moved';

CREATE TABLE etl.rejects (
    run_id bigint NOT NULL,
    task_id integer NOT NULL,
    entity_set text NOT NULL,
    source_id text,
    property text,
    raw_value text,
    reason text NOT NULL,
    rejected_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON etl.rejects (run_id, task_id);
COMMENT ON TABLE etl.rejects IS 'Rows of the feed that could not be loaded, with the reason';
COMMENT ON COLUMN etl.rejects.run_id IS 'Run that read the row';
COMMENT ON COLUMN etl.rejects.task_id IS 'Read task within the run';
COMMENT ON COLUMN etl.rejects.entity_set IS 'Entity set of the feed';
COMMENT ON COLUMN etl.rejects.source_id IS 'The row''s id as received (may itself be the problem)';
COMMENT ON COLUMN etl.rejects.property IS 'The property at fault';
COMMENT ON COLUMN etl.rejects.raw_value IS 'The value as received (cut to 2,000 characters)';
COMMENT ON COLUMN etl.rejects.reason IS 'Why the row was rejected';
COMMENT ON COLUMN etl.rejects.rejected_at IS 'When';

