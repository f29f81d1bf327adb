package io.tdwarehouse.run;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** etl.runs, etl.run_entity_sets and etl.watermarks: the history and state of runs. */
final class RunLedger {
    private RunLedger() {
    }

    /**
     * Records a run's start. Called with the run lock held, so a run still recorded as 'running' is one whose process
     * died (killed, or its machine stopped): it is marked 'abandoned' (it committed nothing: its merge is one
     * transaction), so that the history and the status command do not show it running for ever.
     */
    static long start(Connection conn, String mode) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE etl.runs SET outcome = 'abandoned', error = ? "
                + "WHERE outcome = 'running'")) {
            ps.setString(1, "the run's process ended without finishing it (killed, or its machine stopped); nothing of it "
                    + "was committed");
            ps.executeUpdate();
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO etl.runs (mode) VALUES (?) RETURNING run_id")) {
            ps.setString(1, mode);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void setMode(Connection conn, long runId, String mode) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE etl.runs SET mode = ? WHERE run_id = ?")) {
            ps.setString(1, mode);
            ps.setLong(2, runId);
            ps.executeUpdate();
        }
    }

    static void markReconciled(Connection conn, long runId) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE etl.runs SET reconciled = true WHERE run_id = ?")) {
            ps.setLong(1, runId);
            ps.executeUpdate();
        }
    }

    /** Whether {@code everyRuns} successful runs have passed since the last reconciliation (never due when 0). */
    static boolean reconciliationDue(Connection conn, int everyRuns) throws SQLException {
        if (everyRuns <= 0) {
            return false;
        }
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM etl.runs WHERE "
                + "outcome = 'succeeded' AND run_id > coalesce((SELECT max(run_id) FROM etl.runs WHERE reconciled), 0)")) {
            rs.next();
            return rs.getLong(1) >= everyRuns - 1;
        }
    }

    static void finish(Connection conn, long runId, String outcome, String error) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE etl.runs SET finished_at = now(), outcome = ?, error = ? WHERE run_id = ?")) {
            ps.setString(1, outcome);
            ps.setString(2, error);
            ps.setLong(3, runId);
            ps.executeUpdate();
        }
    }

    static Map<String, Instant> watermarks(Connection conn) throws SQLException {
        Map<String, Instant> out = new HashMap<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT entity_set, watermark FROM etl.watermarks")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getTimestamp(2).toInstant());
            }
        }
        return out;
    }

    /** Per entity set: rows read, rejected, dangling references, requests, time (summed over its tasks). */
    record TaskTotals(long rowsRead, long rejected, long dangling, long requests, long millis) {
        /** A set none of whose tasks recorded anything. */
        static final TaskTotals NONE = new TaskTotals(0, 0, 0, 0, 0);
    }

    static Map<String, TaskTotals> taskTotals(Connection conn, long runId) throws SQLException {
        Map<String, TaskTotals> out = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT entity_set, sum(rows_read), sum(rows_rejected), "
                + "sum(dangling_references), sum(http_requests), max(duration_ms) FROM etl.run_tasks WHERE run_id = ? GROUP BY entity_set")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new TaskTotals(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)));
                }
            }
        }
        return out;
    }

    static void recordEntitySet(Connection conn, long runId, RunSummary.EntitySetSummary s) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO etl.run_entity_sets (run_id, entity_set, target_table, "
                + "read_mode, window_from, rows_read, rows_written, rows_rejected, dangling_references, http_requests, "
                + "watermark_before, watermark_after, duration_ms, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (run_id, entity_set) DO NOTHING")) {
            ps.setLong(1, runId);
            ps.setString(2, s.entitySet());
            ps.setString(3, s.table());
            ps.setString(4, s.readMode());
            ps.setTimestamp(5, ts(s.windowFrom()));
            ps.setLong(6, s.rowsRead());
            ps.setLong(7, s.rowsWritten());
            ps.setLong(8, s.rowsRejected());
            ps.setLong(9, s.dangling());
            ps.setLong(10, s.requests());
            ps.setTimestamp(11, ts(s.watermarkBefore()));
            ps.setTimestamp(12, ts(s.watermarkAfter()));
            ps.setLong(13, s.millis());
            ps.setString(14, s.outcome());
            ps.executeUpdate();
        }
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
