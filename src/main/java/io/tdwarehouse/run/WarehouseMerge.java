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
            if (plan.table().kind() == TableDefinition.Kind.DIMENSION) {
                written.put(plan.table().table(), mergeDimension(plan));
            }
        }
        for (TablePlan plan : plans) {
            if (plan.table().kind() == TableDefinition.Kind.FACT) {
                String table = plan.table().table();
                boolean large = plan.mode() == TablePlan.Mode.FULL || staged(plan) >= BULK_ROWS;
                List<ForeignKeys.Constraint> suspended = large ? ForeignKeys.drop(conn, table) : List.of();
                written.put(table, mergeFact(plan));
                ForeignKeys.restore(conn, table, suspended);
            }
        }
        for (TablePlan plan : plans) {
            if (plan.mode() != TablePlan.Mode.INCREMENTAL || reconcile) {
                deleted.put(plan.table().table(), markDeleted(plan));
            }
        }
        long relinked = relinkLateMembers();
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

    private long staged(TablePlan plan) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM staging."
                + quote(ctx.stagingTable(plan.table().table(), ReadTask.Part.MAIN)))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The staging table as a row source with one row per id: the table itself when its ids are unique (the usual
     * case, found with a cheap hash aggregate over the ids), else the latest row of each id (by the incremental
     * field), which costs a sort of the whole table.
     */
    private String latestPerId(String staging, String id, boolean hasModified) throws SQLException {
        boolean duplicates;
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM " + staging
                + " GROUP BY " + quote(id) + " HAVING count(*) > 1)")) {
            rs.next();
            duplicates = rs.getBoolean(1);
        }
        if (!duplicates) {
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
        String sql = "INSERT INTO dw." + quote(t.table()) + " AS t (" + quote(t.keyColumn()) + ", source_id, "
                + list(cols, "") + ", loaded_at) SELECT k.key, s.source_id, " + list(cols, "s.") + ", now() FROM "
                + latestPerId(staging, "source_id", layout.hasModified()) + " s "
                + "JOIN etl.dimension_keys k ON k.dimension = ? AND k.source_id = s.source_id "
                + "ON CONFLICT (source_id) DO UPDATE SET " + assignments(cols) + ", loaded_at = EXCLUDED.loaded_at, "
                + "is_deleted = false, deleted_at = NULL "
                + "WHERE t.is_deleted OR (" + list(cols, "t.") + ") IS DISTINCT FROM (" + list(cols, "EXCLUDED.") + ")";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, t.name());
            return ps.executeUpdate();
        }
    }

    private long mergeFact(TablePlan plan) throws SQLException {
        TableDefinition t = plan.table();
        StagingLayout layout = ctx.layout(t.table(), ReadTask.Part.MAIN);
        String id = t.idColumn();
        List<String> cols = layout.warehouseColumns().stream().map(StagingLayout.Column::name).filter(c -> !c.equals(id)).toList();
        List<String> detailCols = t.details() == null ? List.of() : List.copyOf(t.details().columns().values());
        String staging = "staging." + quote(ctx.stagingTable(t.table(), ReadTask.Part.MAIN));
        StringBuilder sql = new StringBuilder("INSERT INTO dw.").append(quote(t.table())).append(" AS t (").append(quote(id))
                .append(", ").append(list(cols, ""));
        if (!detailCols.isEmpty()) {
            sql.append(", ").append(list(detailCols, ""));
        }
        sql.append(", loaded_at) SELECT s.").append(quote(id)).append(", ").append(list(cols, "s."));
        if (!detailCols.isEmpty()) {
            sql.append(", ").append(list(detailCols, "d."));
        }
        sql.append(", now() FROM ").append(latestPerId(staging, id, layout.hasModified())).append(" s");
        if (!detailCols.isEmpty()) {
            sql.append(" LEFT JOIN ").append(latestPerId("staging." + quote(ctx.stagingTable(t.table(), ReadTask.Part.DETAILS)),
                    "id", false)).append(" d ON d.id = s.").append(quote(id));
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
        try (Statement st = conn.createStatement()) {
            return st.executeUpdate(sql.toString());
        }
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

    /** Facts that point at the Unknown member but carry an id that a dimension now has: link them to it. */
    private long relinkLateMembers() throws SQLException {
        long relinked = 0;
        for (TableDefinition fact : ctx.definition().facts()) {
            for (Reference r : fact.references()) {
                TableDefinition dim = ctx.definition().dimension(r.dimension());
                relinked += execute("UPDATE dw." + quote(fact.table()) + " f SET " + quote(r.keyColumn()) + " = d."
                        + quote(dim.keyColumn()) + " FROM dw." + quote(dim.table()) + " d WHERE f." + quote(r.keyColumn())
                        + " = 0 AND f." + quote(r.idColumn()) + " IS NOT NULL AND d.source_id = f." + quote(r.idColumn()));
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
