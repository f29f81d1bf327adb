package io.tdwarehouse.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * What a warehouse table's columns hold beyond their type, so that a value they cannot take becomes a reject of
 * its row instead of an error that fails the whole merge: the precision and scale of {@code numeric(p,s)} columns
 * (PostgreSQL refuses a value with too many integer digits, and rounds away decimals beyond the scale), and the
 * dates dw.dim_date has (a date key outside them would break the fact's foreign key).
 *
 * @param table         the warehouse table (for messages)
 * @param numeric       column name → precision and scale, for numeric columns that declare them
 * @param firstDateKey  smallest yyyymmdd key of dw.dim_date other than 0
 * @param lastDateKey   greatest one
 */
public record ColumnLimits(String table, Map<String, Numeric> numeric, int firstDateKey, int lastDateKey) {
    /** No limits known: every value that converts is passed on (unit tests, and warehouses without dw.dim_date). */
    public static final ColumnLimits NONE = new ColumnLimits("?", Map.of(), Integer.MIN_VALUE, Integer.MAX_VALUE);

    /** A numeric(precision, scale) column. */
    public record Numeric(int precision, int scale) {
        @Override
        public String toString() {
            return "numeric(" + precision + "," + scale + ")";
        }
    }

    public ColumnLimits {
        numeric = Map.copyOf(numeric);
    }

    /** The limits of dw.{table}'s columns and of dw.dim_date, read from the warehouse's catalog. */
    public static ColumnLimits read(Connection conn, String table) throws SQLException {
        Map<String, Numeric> numeric = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT column_name, numeric_precision, numeric_scale "
                + "FROM information_schema.columns WHERE table_schema = 'dw' AND table_name = ? AND data_type = 'numeric' "
                + "AND numeric_precision IS NOT NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    numeric.put(rs.getString(1), new Numeric(rs.getInt(2), rs.getInt(3)));
                }
            }
        }
        int first = Integer.MIN_VALUE;
        int last = Integer.MAX_VALUE;
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT min(date_key), max(date_key) FROM dw.dim_date WHERE date_key <> 0")) {
            if (rs.next() && rs.getObject(1) != null) {
                first = rs.getInt(1);
                last = rs.getInt(2);
            }
        }
        return new ColumnLimits(table, numeric, first, last);
    }

    /** Whether dw.dim_date has this yyyymmdd key. */
    public boolean hasDateKey(int key) {
        return key >= firstDateKey && key <= lastDateKey;
    }
}
