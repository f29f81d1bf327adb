-- Hard deletes in TOPdesk are found by comparing keys (the feed has no tombstones): rows the feed no longer has are
-- marked deleted, kept for history, and hidden from the bi views. Archived rows are not deleted: they stay visible
-- with their archived status.
DO $$
DECLARE t record;
BEGIN
    FOR t IN SELECT table_name FROM information_schema.tables
             WHERE table_schema = 'dw' AND table_type = 'BASE TABLE' AND table_name <> 'dim_date'
    LOOP
        EXECUTE format('ALTER TABLE dw.%I ADD COLUMN is_deleted boolean NOT NULL DEFAULT false', t.table_name);
        EXECUTE format('ALTER TABLE dw.%I ADD COLUMN deleted_at timestamptz', t.table_name);
        EXECUTE format('COMMENT ON COLUMN dw.%I.is_deleted IS %L', t.table_name,
                       'The record no longer exists in TOPdesk (found by a key reconciliation); kept for history');
        EXECUTE format('COMMENT ON COLUMN dw.%I.deleted_at IS %L', t.table_name,
                       'When the ETL found the record gone from TOPdesk');
    END LOOP;
END $$;

ALTER TABLE etl.runs ADD COLUMN reconciled boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN etl.runs.reconciled IS 'Whether the run compared every key with the feed to find hard deletes';
