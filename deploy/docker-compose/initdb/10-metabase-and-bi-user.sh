#!/usr/bin/env bash
# Run by the postgres image once, when the warehouse-data volume is first initialised (as POSTGRES_USER, over the
# local socket): creates Metabase's own application database, and the BI login Metabase reads the warehouse with.
# The passwords come from the Docker secrets; psql reads them itself (`...`), so they never appear in a process list.
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v secrets="${SECRETS_DIR:-/run/secrets}" <<'SQL'
\set metabase_password `cat :'secrets'/metabase_db_password`
\set bi_password `cat :'secrets'/bi_password`

-- Metabase's application database (its questions, dashboards, users): its own user, not readable by others.
CREATE ROLE metabase LOGIN PASSWORD :'metabase_password';
CREATE DATABASE metabase OWNER metabase;
REVOKE ALL ON DATABASE metabase FROM PUBLIC;

-- The read-only BI role is created by the warehouse's migration V2__bi_reader_role.sql too (when it is missing);
-- creating it here already lets the BI login exist before the ETL's first run.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'topdesk_bi_reader') THEN
        CREATE ROLE topdesk_bi_reader NOLOGIN;
    END IF;
END
$$;
CREATE ROLE bi_metabase LOGIN PASSWORD :'bi_password' IN ROLE topdesk_bi_reader;
SQL
