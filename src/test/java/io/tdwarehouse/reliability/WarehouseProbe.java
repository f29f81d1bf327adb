package io.tdwarehouse.reliability;

import io.tdwarehouse.definition.PipelineDefinition;
import io.tdwarehouse.definition.TableDefinition;
import io.tdwarehouse.run.RunLock;
import io.tdwarehouse.testing.WarehouseTruth;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the test sees of the warehouse while the ETL runs and after it died: the ETL's backends (every session of
 * the database that is not the test's own: the ETL's, application_name topdesk-warehouse, and Flyway's), its run
 * lock, runs, tasks, staging tables, watermarks and the bi views.
 */
final class WarehouseProbe implements AutoCloseable {
    /** application_name of the test's own sessions, so that they are never mistaken for the ETL's. */
    static final String TEST_APPLICATION = "crash-safety-test";

    private final Connection conn;

    WarehouseProbe(Connection conn) throws SQLException {
        this.conn = mark(conn);
    }

    static Connection mark(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("SET application_name = '" + TEST_APPLICATION + "'");
        }
        conn.setAutoCommit(true);
        return conn;
    }

    /** A session of the ETL (or of its Flyway) in this database. */
    record Backend(int pid, String application, String state, String waitEventType, String query) {
        String shortQuery() {
            String q = query == null ? "" : query.replaceAll("\\s+", " ").strip();
            return q.length() > 70 ? q.substring(0, 70) + "…" : q;
        }
    }

    List<Backend> etlBackends() throws SQLException {
        List<Backend> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT pid, application_name, state, wait_event_type, query "
                + "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                + "AND backend_type = 'client backend' AND application_name IS DISTINCT FROM ?")) {
            ps.setString(1, TEST_APPLICATION);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Backend(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        return out;
    }

    /** An ETL session waiting for a heavyweight lock while running a statement that contains {@code fragment}. */
    Optional<Backend> etlWaitingOnLock(String fragment) throws SQLException {
        return etlBackends().stream()
                .filter(b -> "Lock".equals(b.waitEventType()) && "active".equals(b.state()))
                .filter(b -> b.query() != null && b.query().contains(fragment))
                .findFirst();
    }

    /** An ETL session in the middle of a COPY into a staging table whose name starts with {@code table}. */
    Optional<Backend> etlCopying(String table) throws SQLException {
        return etlBackends().stream()
                .filter(b -> "active".equals(b.state()) && b.query() != null
                        && b.query().startsWith("COPY staging.\"" + table + "_r"))
                .findFirst();
    }

    /** Waits until every session of the killed ETL is gone (a backend notices its dead client at its next read or write). */
    Duration awaitNoEtlBackends(Duration timeout) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<Backend> left = etlBackends();
        while (!left.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("sessions of the killed ETL still alive after " + timeout + ": " + left);
            }
            Thread.sleep(20);
            left = etlBackends();
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Whether some session holds the ETL's run lock (the advisory lock {@link RunLock#LOCK_ID}). */
    boolean runLockHeld() throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                + "AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                + "AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 1")) {
            ps.setLong(1, RunLock.LOCK_ID >>> 32);
            ps.setLong(2, RunLock.LOCK_ID & 0xFFFF_FFFFL);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    boolean exists(String relation) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, relation);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The newest run in etl.runs, 0 when there is none (or no etl.runs yet). */
    long latestRunId() throws SQLException {
        if (!exists("etl.runs")) {
            return 0;
        }
        return scalar("SELECT coalesce(max(run_id), 0) FROM etl.runs");
    }

    /** A run's outcome ('running', 'succeeded', 'failed'), or null when there is no such run. */
    String outcome(long runId) throws SQLException {
        if (runId <= 0 || !exists("etl.runs")) {
            return null;
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT outcome, finished_at FROM etl.runs WHERE run_id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String outcome = rs.getString(1);
                return outcome + (rs.getTimestamp(2) == null ? "" : " (finished)");
            }
        }
    }

    long runTasks(long runId) throws SQLException {
        if (!exists("etl.run_tasks")) {
            return 0;
        }
        return scalar("SELECT count(*) FROM etl.run_tasks WHERE run_id = " + runId);
    }

    List<String> stagingTables() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'staging' ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    Map<String, Instant> watermarks() throws SQLException {
        Map<String, Instant> out = new TreeMap<>();
        if (!exists("etl.watermarks")) {
            return out;
        }
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT entity_set, watermark FROM etl.watermarks")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getTimestamp(2).toInstant());
            }
        }
        return out;
    }

    /**
     * Watermarks ahead of the committed data: for every entity set with a watermark, the greatest value of its
     * incremental column in its warehouse table must be at least the watermark (else the next run would skip the
     * rows in between). Empty when all is well.
     */
    List<String> watermarksAheadOfData(PipelineDefinition definition) throws SQLException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Instant> w : watermarks().entrySet()) {
            TableDefinition t = definition.tableOf(w.getKey());
            String column = t.columns().get(t.incremental());
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT max(\"" + column + "\") FROM dw.\"" + t.table() + "\"")) {
                rs.next();
                java.sql.Timestamp max = rs.getTimestamp(1);
                if (max == null || max.toInstant().isBefore(w.getValue())) {
                    problems.add(w.getKey() + ": watermark " + w.getValue() + " but max(" + column + ") of dw." + t.table()
                            + " is " + (max == null ? "null" : max.toInstant()));
                }
            }
        }
        return problems;
    }

    /** The three bi views as lines (see {@link WarehouseTruth}); empty lists when the views do not exist yet. */
    Map<String, List<String>> views() throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("bi.incidents", view("bi.incidents", WarehouseTruth.INCIDENT_COLUMNS));
        out.put("bi.changes", view("bi.changes", WarehouseTruth.CHANGE_COLUMNS));
        out.put("bi.change_activities", view("bi.change_activities", WarehouseTruth.CHANGE_ACTIVITY_COLUMNS));
        return out;
    }

    private List<String> view(String view, String columns) throws SQLException {
        return exists(view) ? WarehouseTruth.read(conn, view, columns) : List.of();
    }

    /** Ids that occur more than once in a view (a view holds one row per record). */
    List<String> duplicateIds() throws SQLException {
        List<String> out = new ArrayList<>();
        for (String[] v : new String[][] {{"bi.incidents", "incident_id"}, {"bi.changes", "change_id"},
                {"bi.change_activities", "change_activity_id"}}) {
            if (!exists(v[0])) {
                continue;
            }
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT " + v[1] + ", count(*) FROM "
                    + v[0] + " GROUP BY 1 HAVING count(*) > 1 LIMIT 5")) {
                while (rs.next()) {
                    out.add(v[0] + " " + rs.getString(1) + " x" + rs.getLong(2));
                }
            }
        }
        return out;
    }

    /** Back to an empty database: what a first run finds. */
    void reset() throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS dw, bi, etl, staging CASCADE");
        }
    }

    long scalar(String sql) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        conn.close();
    }
}
