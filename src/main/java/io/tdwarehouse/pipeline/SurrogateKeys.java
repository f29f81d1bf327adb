package io.tdwarehouse.pipeline;

import io.tdwarehouse.definition.SqlIdentifier;
import io.tdwarehouse.definition.TableDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Gives every dimension member staged in this run a surrogate key (etl.dimension_keys, committed with the task
 * that staged it: keys are never reused and are invisible to BI until the run's merge), then, once every
 * dimension is staged, loads per dimension the keys of the members that the warehouse has or that this run
 * staged: exactly those a fact may link to. Keys are assigned by the dimension's read tasks themselves, in
 * parallel, rather than in one step after them all (200,000 persons: 1.2 s that nothing else overlapped).
 */
final class SurrogateKeys {
    private SurrogateKeys() {
    }

    /**
     * Keys for the members a task staged, in the task's transaction. In source id order, so that tasks inserting
     * at the same time always take the index's locks in the same order.
     */
    static void assign(Connection conn, TableDefinition dim, String staging, int taskId) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO etl.dimension_keys (dimension, source_id) "
                + "SELECT ?, source_id FROM (SELECT DISTINCT source_id FROM staging." + SqlIdentifier.quote(staging)
                + " WHERE " + StagingLayout.TASK_COLUMN + " = ? AND source_id IS NOT NULL) s ORDER BY source_id "
                + "ON CONFLICT DO NOTHING")) {
            ps.setString(1, dim.name());
            ps.setInt(2, taskId);
            ps.executeUpdate();
        }
    }

    static KeyMaps load(RunContext ctx, Set<String> stagedDimensions, Connection conn) throws SQLException {
        conn.setAutoCommit(false);
        Map<String, KeyMap> maps = new HashMap<>();
        for (TableDefinition dim : ctx.definition().dimensions()) {
            String staging = ctx.stagingTable(dim.table(), ReadTask.Part.MAIN);
            boolean staged = stagedDimensions.contains(dim.table());
            String sql = "SELECT k.source_id, k.key FROM etl.dimension_keys k WHERE k.dimension = ? AND (EXISTS (SELECT 1 FROM dw."
                    + SqlIdentifier.quote(dim.table()) + " d WHERE d.source_id = k.source_id)"
                    + (staged ? " OR EXISTS (SELECT 1 FROM staging." + SqlIdentifier.quote(staging)
                    + " s WHERE s.source_id = k.source_id)" : "") + ")";
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                ps.setString(1, dim.name());
                ps.setFetchSize(10_000);
                LongList msb = new LongList();
                LongList lsb = new LongList();
                IntList keys = new IntList();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        java.util.UUID id = (java.util.UUID) rs.getObject(1);
                        msb.add(id.getMostSignificantBits());
                        lsb.add(id.getLeastSignificantBits());
                        keys.add(rs.getInt(2));
                    }
                }
                maps.put(dim.name(), KeyMap.of(msb.toArray(), lsb.toArray(), keys.toArray()));
            }
        }
        conn.commit();
        return new KeyMaps(maps);
    }

    private static final class LongList {
        long[] values = new long[1024];
        int size;

        void add(long v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }

    private static final class IntList {
        int[] values = new int[1024];
        int size;

        void add(int v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
