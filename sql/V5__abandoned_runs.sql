-- A run whose process died (killed, its machine stopped) stays 'running' until the next run, which holds the run
-- lock and so knows it is not running, marks it 'abandoned'. It committed nothing: its merge is one transaction.
COMMENT ON COLUMN etl.runs.outcome IS 'running, succeeded, failed, or abandoned (its process died; marked by the next run)';
