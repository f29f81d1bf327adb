-- Read-only access for people and BI tools: the NOLOGIN role topdesk_bi_reader may read the star (dw) and the
-- views (bi), and nothing of the ETL's own state (etl) or its scratch tables (staging). Users log in as roles of
-- their own that are members of it; an administrator creates them:
--     CREATE ROLE alice LOGIN PASSWORD '...' IN ROLE topdesk_bi_reader;
--
-- Roles belong to the whole PostgreSQL cluster, databases do not: the role is created only where it is missing,
-- so this migration runs in any number of warehouses on one server (and in two at the same moment).
-- Grants are made by the user that runs the migrations (the ETL's own, which owns the schemas), and the default
-- privileges below apply to the tables and views that same user creates later: R__bi_views.sql drops and
-- re-creates the bi views, and the new views are readable again at once.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'topdesk_bi_reader') THEN
        BEGIN
            CREATE ROLE topdesk_bi_reader NOLOGIN;
            COMMENT ON ROLE topdesk_bi_reader IS
                'Read-only BI access to TOPdesk warehouses: SELECT on schemas bi and dw, nothing on etl and staging';
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN
                NULL; -- the migration of another database on this server created it at the same moment
            WHEN insufficient_privilege THEN
                RAISE EXCEPTION 'the role topdesk_bi_reader does not exist and % may not create it', current_user
                    USING HINT = 'Have an administrator run CREATE ROLE topdesk_bi_reader NOLOGIN; then migrate again.';
        END;
    END IF;
END
$$;

-- What it may read: the star and the views, today's and every later one.
GRANT USAGE ON SCHEMA dw, bi TO topdesk_bi_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA dw, bi TO topdesk_bi_reader; -- ALL TABLES includes views
ALTER DEFAULT PRIVILEGES IN SCHEMA dw, bi GRANT SELECT ON TABLES TO topdesk_bi_reader;

-- What it may not: the ETL's state and scratch tables, not even to look them up (no USAGE on the schemas).
REVOKE ALL ON SCHEMA etl, staging FROM topdesk_bi_reader, PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA etl, staging FROM topdesk_bi_reader, PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA etl, staging FROM topdesk_bi_reader, PUBLIC;
