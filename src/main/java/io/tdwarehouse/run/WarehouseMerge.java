package io.tdwarehouse.run;

import static io.tdwarehouse.definition.SqlIdentifier.quote;

import io.tdwarehouse.definition.Reference;
import io.tdwarehouse.definition.TableDefinition;
import io.tdwarehouse.pipeline.ReadTask;
import io.tdwarehouse.pipeline.RunContext;
import io.tdwarehouse.pipeline.StagingLayout;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The end of a run: in ONE transaction, merge every staging table into its warehouse table (one set-based
 * statement each), link facts whose late-arriving members are now there, move the watermarks to the greatest
 * modificationDate among the rows merged, and record the run. Either all of it commits or none: a run that fails
 * leaves the warehouse and the watermarks as they were.
 */
final class WarehouseMerge {
    /** From this many staged rows on, a fact's foreign keys are re-created after the merge instead of checked per row. */
    static final long BULK_ROWS = 20_000;
    private final RunContext ctx;
    private final Connection conn;
    /** Tables read in full that held no live rows before the merge: a plain insert, and nothing to mark deleted. */
    private final java.util.Set<String> emptyBefore = new java.util.HashSet<>();

    /** Rows merged per table and facts relinked to late-arriving members. */
    record Result(Map<String, Long> written, Map<String, Long> deleted, long relinked, Map<String, Instant> watermarks) {
    }

    /** A reconciliation would mark so much deleted that the feed, not TOPdesk's data, has more likely changed. */
    static final double MAX_DELETED_FRACTION = 0.5;

    WarehouseMerge(RunContext ctx, Connection conn) {
        this.ctx = ctx;
        this.conn = conn;
    }

    /** Runs the merge statements; the caller commits (with the run's ledger rows) or rolls back. */
    Result merge(List<TablePlan> plans, boolean reconcile) throws SQLException {
        Map<String, Long> written = new LinkedHashMap<>();
        Map<String, Long> deleted = new LinkedHashMap<>();
        Map<String, Instant> watermarks = new LinkedHashMap<>();
        for (TablePlan plan : plans) {
            if (plan.mode() != TablePlan.Mode.INCREMENTAL && !hasLiveRows(plan.table())) {
                emptyBefore.add(plan.table().table()); // nothing there that the feed could have deleted
            }
        }
        for (TablePlan plan : plans) {
            if (plan.table().kind() == TableDefinition.Kind.DIMENSION) {
                written.put(plan.table().table(), mergeDimension(plan));
            }
        }
        for (TablePlan plan : plans) {
            if (plan.table().kind() == TableDefinition.Kind.FACT) {
                written.put(plan.table().table(), mergeFactInBulkIfLarge(plan));
            }
        }
        for (TablePlan plan : plans) {
            if ((plan.mode() != TablePlan.Mode.INCREMENTAL || reconcile) && !emptyBefore.contains(plan.table().table())) {
                deleted.put(plan.table().table(), markDeleted(plan));
            }
        }
        long relinked = relinkLateMembers(written);
        for (TablePlan plan : plans) {
            if (plan.table().isIncremental()) {
                Instant w = moveWatermark(plan);
                if (w != null) {
                    watermarks.put(plan.table().entitySet(), w);
                }
            }
        }
        return new Result(written, deleted, relinked, watermarks);
    }

    /**
     * A large merge sets the fact's foreign keys aside (checking the merged rows in one scan instead, see
     * {@link ForeignKeys}) and, when it writes a large part of the table, rebuilds its secondary indexes after it.
     */
    private long mergeFactInBulkIfLarge(TablePlan plan) throws SQLException {
        String table = plan.table().table();
        long staged = staged(plan);
        boolean bulk = plan.mode() == TablePlan.Mode.FULL || staged >= BULK_ROWS;
        if (!bulk) {
            return mergeFact(plan);
        }
        List<ForeignKeys.Constraint> suspended = ForeignKeys.drop(conn, table);
        boolean rebuild = staged >= SecondaryIndexes.REBUILD_FRACTION * SecondaryIndexes.rows(conn, table);
        List<String> indexes = rebuild ? SecondaryIndexes.drop(conn, table) : List.of();
        long written = mergeFact(plan);
        SecondaryIndexes.rebuild(conn, indexes);
        ForeignKeys.restore(conn, table, suspended, "staging." + quote(ctx.stagingTable(table, ReadTask.Part.MAIN)));
        return written;
    }

    private long staged(TablePlan plan) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM staging."
                + quote(ctx.stagingTable(plan.table().table(), ReadTask.Part.MAIN)))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Whether the table has a row from the feed (a dimension's Unknown member, key 0, has no id) that is not deleted. */
    private boolean hasLiveRows(TableDefinition t) throws SQLException {
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM dw." + quote(t.table()) + " WHERE NOT is_deleted AND "
                     + quote(t.idColumn()) + " IS NOT NULL)")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * Runs an upsert that reads the staging tables directly (one row per id is the usual case), and when a staging
     * table holds an id twice (the upsert then fails with a cardinality violation, having changed nothing since
     * its savepoint) runs it again over the latest row of each id (by the incremental field), which costs a sort.
     */
    private long upsert(java.util.function.Function<Boolean, String> sql, String... parameters) throws SQLException {
        java.sql.Savepoint before = conn.setSavepoint();
        try {
            long n = executeUpdate(sql.apply(false), parameters);
            conn.releaseSavepoint(before);
            return n;
        } catch (SQLException e) {
            // an id twice in staging: an upsert cannot change a row twice, a plain insert into an empty table finds it taken
            if (!CARDINALITY_VIOLATION.equals(e.getSQLState()) && !UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            conn.rollback(before);
            return executeUpdate(sql.apply(true), parameters);
        }
    }

    private static final String CARDINALITY_VIOLATION = "21000";
    private static final String UNIQUE_VIOLATION = "23505";

    private long executeUpdate(String sql, String... parameters) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            return ps.executeUpdate();
        }
    }

    /** The staging table as a row source: as it is, or with only the latest row of each id. */
    private static String rowsOf(String staging, String id, boolean hasModified, boolean latestPerId) {
        if (!latestPerId) {
            return staging;
        }
        return "(SELECT DISTINCT ON (" + quote(id) + ") * FROM " + staging + " ORDER BY " + quote(id)
                + (hasModified ? ", " + StagingLayout.MODIFIED_COLUMN + " DESC NULLS LAST" : "") + ")";
    }

    private long mergeDimension(TablePlan plan) throws SQLException {
        TableDefinition t = plan.table();
        StagingLayout layout = ctx.layout(t.table(), ReadTask.Part.MAIN);
        List<String> cols = layout.warehouseColumns().stream().map(StagingLayout.Column::name)
                .filter(c -> !c.equals("source_id")).toList();
        String staging = "staging." + quote(ctx.stagingTable(t.table(), ReadTask.Part.MAIN));
        return upsert(latest -> "INSERT INTO dw." + quote(t.table()) + " AS t (" + quote(t.keyColumn()) + ", source_id, "
                + list(cols, "") + ", loaded_at) SELECT k.key, s.source_id, " + list(cols, "s.") + ", now() FROM "
                + rowsOf(staging, "source_id", layout.hasModified(), latest) + " s "
                + "JOIN etl.dimension_keys k ON k.dimension = ? AND k.source_id = s.source_id "
                + (emptyBefore.contains(t.table()) ? "" : "ON CONFLICT (source_id) DO UPDATE SET " + assignments(cols)
                + ", loaded_at = EXCLUDED.loaded_at, is_deleted = false, deleted_at = NULL "
                + "WHERE t.is_deleted OR (" + list(cols, "t.") + ") IS DISTINCT FROM (" + list(cols, "EXCLUDED.") + ")"),
                t.name());
    }

    private long mergeFact(TablePlan plan) throws SQLException {
        TableDefinition t = plan.table();
        StagingLayout layout = ctx.layout(t.table(), ReadTask.Part.MAIN);
        String id = t.idColumn();
        List<String> cols = layout.warehouseColumns().stream().map(StagingLayout.Column::name).filter(c -> !c.equals(id)).toList();
        List<String> detailCols = t.details() == null ? List.of() : List.copyOf(t.details().columns().values());
        String staging = "staging." + quote(ctx.stagingTable(t.table(), ReadTask.Part.MAIN));
        String detailsStaging = "staging." + quote(ctx.stagingTable(t.table(), ReadTask.Part.DETAILS));
        boolean empty = emptyBefore.contains(t.table());
        return upsert(latest -> factUpsert(t, empty, cols, detailCols, rowsOf(staging, id, layout.hasModified(), latest),
                rowsOf(detailsStaging, "id", false, latest)));
    }

    private static String factUpsert(TableDefinition t, boolean empty, List<String> cols, List<String> detailCols,
                                     String rows, String detailRows) {
        String id = t.idColumn();
        StringBuilder sql = new StringBuilder("INSERT INTO dw.").append(quote(t.table())).append(" AS t (").append(quote(id))
                .append(", ").append(list(cols, ""));
        if (!detailCols.isEmpty()) {
            sql.append(", ").append(list(detailCols, ""));
        }
        sql.append(", loaded_at) SELECT s.").append(quote(id)).append(", ").append(list(cols, "s."));
        if (!detailCols.isEmpty()) {
            sql.append(", ").append(list(detailCols, "d."));
        }
        sql.append(", now() FROM ").append(rows).append(" s");
        if (!detailCols.isEmpty()) {
            sql.append(" LEFT JOIN ").append(detailRows).append(" d ON d.id = s.").append(quote(id));
        }
        if (empty) {
            return sql.toString();
        }
        sql.append(" ON CONFLICT (").append(quote(id)).append(") DO UPDATE SET ").append(assignments(cols));
        for (String c : detailCols) {
            // a details row not delivered this time keeps what the warehouse had
            sql.append(", ").append(quote(c)).append(" = COALESCE(EXCLUDED.").append(quote(c)).append(", t.").append(quote(c)).append(")");
        }
        sql.append(", loaded_at = EXCLUDED.loaded_at, is_deleted = false, deleted_at = NULL WHERE t.is_deleted OR (")
                .append(list(cols, "t."));
        detailCols.forEach(c -> sql.append(", t.").append(quote(c)));
        sql.append(") IS DISTINCT FROM (").append(list(cols, "EXCLUDED."));
        detailCols.forEach(c -> sql.append(", COALESCE(EXCLUDED.").append(quote(c)).append(", t.").append(quote(c)).append(")"));
        sql.append(")");
        return sql.toString();
    }

    /**
     * Marks the rows of a table that the feed no longer has as deleted (kept for history): every id not among the
     * keys this run read in full (the main read of a full load, or the key reconciliation's). Refuses when that
     * would be most of the table: an account whose filters changed looks like that, and so does a broken feed.
     */
    private long markDeleted(TablePlan plan) throws SQLException {
        TableDefinition t = plan.table();
        // full and whole reads hold every key in their main staging; incremental reads need the key read
        ReadTask.Part keys = plan.mode() == TablePlan.Mode.INCREMENTAL ? ReadTask.Part.KEYS : ReadTask.Part.MAIN;
        String staging = "staging." + quote(ctx.stagingTable(t.table(), keys));
        String id = quote(t.idColumn());
        // a row the feed sent but this run rejected is not gone: it is in etl.rejects, and stays as it was
        String missing = "FROM dw." + quote(t.table()) + " t WHERE NOT t.is_deleted AND t." + id + " IS NOT NULL "
                + "AND NOT EXISTS (SELECT 1 FROM " + staging + " s WHERE s." + id + " = t." + id + ") "
                + "AND NOT EXISTS (SELECT 1 FROM etl.rejects r WHERE r.run_id = " + ctx.runId() + " AND r.entity_set = '"
                + t.entitySet().replace("'", "''") + "' AND lower(r.source_id) = t." + id + "::text)";
        long live;
        long gone;
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM dw." + quote(t.table()) + " WHERE NOT is_deleted AND "
                     + id + " IS NOT NULL), (SELECT count(*) " + missing + ")")) {
            rs.next();
            live = rs.getLong(1);
            gone = rs.getLong(2);
        }
        if (gone > 100 && gone > MAX_DELETED_FRACTION * live) {
            throw new io.tdwarehouse.warehouse.WarehouseException("refusing to mark " + gone + " of " + live + " rows of dw."
                    + t.table() + " deleted: the feed returned far fewer " + t.entitySet() + " than the warehouse holds. Check "
                    + "the account's branch, operator and category filters in TOPdesk; nothing was changed");
        }
        if (gone == 0) {
            return 0;
        }
        return execute("UPDATE dw." + quote(t.table()) + " u SET is_deleted = true, deleted_at = now() WHERE u." + id
                + " IN (SELECT t." + id + " " + missing + ")");
    }

    /**
     * Facts that point at the Unknown member but carry an id that a dimension now has: link them to it. Counts
     * rows (a row relinked on two references counts once).
     */
    private long relinkLateMembers(Map<String, Long> written) throws SQLException {
        long relinked = 0;
        for (TableDefinition fact : ctx.definition().facts()) {
            List<String> sets = new java.util.ArrayList<>();
            List<String> arms = new java.util.ArrayList<>();
            for (Reference r : fact.references()) {
                TableDefinition dim = ctx.definition().dimension(r.dimension());
                if (written.getOrDefault(dim.table(), 0L) == 0) {
                    continue; // a member can only have arrived in a dimension this run wrote to
                }
                String key = quote(r.keyColumn());
                String id = "f." + quote(r.idColumn());
                String dangling = "f." + key + " = 0 AND " + id + " IS NOT NULL";
                String member = "FROM dw." + quote(dim.table()) + " d WHERE d.source_id = " + id;
                sets.add(key + " = CASE WHEN " + dangling + " THEN COALESCE((SELECT d." + quote(dim.keyColumn()) + " " + member
                        + "), 0) ELSE f." + key + " END");
                arms.add("(" + dangling + " AND EXISTS (SELECT 1 " + member + "))");
            }
            if (!arms.isEmpty()) {
                // one pass over the fact's dangling rows (its partial index) for every reference
                relinked += execute("UPDATE dw." + quote(fact.table()) + " f SET " + String.join(", ", sets) + " WHERE "
                        + String.join(" OR ", arms));
            }
        }
        return relinked;
    }

    /** The greatest modificationDate among the rows just merged; never the wall clock, never backwards on an incremental run. */
    private Instant moveWatermark(TablePlan plan) throws SQLException {
        String staging = "staging." + quote(ctx.stagingTable(plan.table().table(), ReadTask.Part.MAIN));
        Timestamp max;
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT max(" + StagingLayout.MODIFIED_COLUMN + ") FROM " + staging)) {
            rs.next();
            max = rs.getTimestamp(1);
        }
        if (max == null) {
            return plan.watermark();
        }
        String keep = plan.mode() == TablePlan.Mode.FULL ? "EXCLUDED.watermark"
                : "GREATEST(etl.watermarks.watermark, EXCLUDED.watermark)";
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO etl.watermarks (entity_set, watermark, run_id) "
                + "VALUES (?, ?, ?) ON CONFLICT (entity_set) DO UPDATE SET watermark = " + keep
                + ", run_id = EXCLUDED.run_id, updated_at = now() RETURNING watermark")) {
            ps.setString(1, plan.table().entitySet());
            ps.setTimestamp(2, max);
            ps.setLong(3, ctx.runId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    private long execute(String sql) throws SQLException {
        try (Statement st = conn.createStatement()) {
            return st.executeUpdate(sql);
        }
    }

    private static String list(List<String> cols, String prefix) {
        return cols.stream().map(c -> prefix + quote(c)).collect(Collectors.joining(", "));
    }

    private static String assignments(List<String> cols) {
        return cols.stream().map(c -> quote(c) + " = EXCLUDED." + quote(c)).collect(Collectors.joining(", "));
    }
}
