package io.tdwarehouse.run;

import static io.tdwarehouse.definition.SqlIdentifier.quote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A fact table's foreign keys, dropped and re-created around a large merge in the same transaction. PostgreSQL
 * checks a foreign key row by row on insert (14 per incident: 5.3 s of 5.7 s for 100,000 rows, measured), but
 * re-creating it checks the whole table in one join. The constraints stay in the catalog for BI tools to discover
 * relations; a violation fails the merge, which rolls everything back.
 */
final class ForeignKeys {
    /** One constraint: name and definition (as pg_get_constraintdef prints it). */
    record Constraint(String name, String definition) {
    }

    private ForeignKeys() {
    }

    static List<Constraint> drop(Connection conn, String table) throws SQLException {
        List<Constraint> dropped = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                + "WHERE conrelid = ('dw.' || quote_ident(?))::regclass AND contype = 'f' ORDER BY conname")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    dropped.add(new Constraint(rs.getString(1), rs.getString(2)));
                }
            }
        }
        try (Statement st = conn.createStatement()) {
            for (Constraint c : dropped) {
                st.execute("ALTER TABLE dw." + quote(table) + " DROP CONSTRAINT " + quoteName(c.name()));
            }
        }
        return dropped;
    }

    static void restore(Connection conn, String table, List<Constraint> constraints) throws SQLException {
        try (Statement st = conn.createStatement()) {
            for (Constraint c : constraints) {
                // the definition comes from PostgreSQL's own catalog, not from outside
                st.execute("ALTER TABLE dw." + quote(table) + " ADD CONSTRAINT " + quoteName(c.name()) + " " + c.definition());
            }
        }
    }

    private static String quoteName(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
