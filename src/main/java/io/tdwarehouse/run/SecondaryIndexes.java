package io.tdwarehouse.run;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A warehouse table's secondary indexes (neither primary key nor unique), dropped before a merge that writes a
 * large part of the table and rebuilt after it, in the same transaction. Maintaining a btree row by row in
 * random order costs more than building it once by sorting: at 1M incidents the modification_date index alone
 * added about 2 s to the insert, and rebuilding it takes about 0.35 s. Unique indexes stay: the merge's ON
 * CONFLICT needs them.
 */
final class SecondaryIndexes {
    /** A merge that writes at least this fraction of a table's rows rebuilds its secondary indexes. */
    static final double REBUILD_FRACTION = 0.2;

    private SecondaryIndexes() {
    }

    /** Drops the secondary indexes and returns their definitions (as pg_get_indexdef prints them). */
    static List<String> drop(Connection conn, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        List<String> definitions = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                + "FROM pg_index i WHERE i.indrelid = ('dw.' || quote_ident(?))::regclass AND NOT i.indisprimary "
                + "AND NOT i.indisunique AND NOT i.indisexclusion ORDER BY 1")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                    definitions.add(rs.getString(2));
                }
            }
        }
        try (Statement st = conn.createStatement()) {
            for (String name : names) {
                st.execute("DROP INDEX " + name); // regclass text: schema-qualified and quoted by PostgreSQL
            }
        }
        return definitions;
    }

    static void rebuild(Connection conn, List<String> definitions) throws SQLException {
        try (Statement st = conn.createStatement()) {
            for (String definition : definitions) {
                st.execute(definition); // from PostgreSQL's own catalog, not from outside
            }
        }
    }

    /** The table's row count as the planner knows it, or counted when it was never analysed. */
    static long rows(Connection conn, String table) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT reltuples::bigint FROM pg_class WHERE oid = ('dw.' || quote_ident(?))::regclass")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long estimate = rs.getLong(1);
                if (estimate >= 0) {
                    return estimate;
                }
            }
        }
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM dw." + io.tdwarehouse.definition.SqlIdentifier.quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
