package io.tdwarehouse.reliability;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A table lock the test holds in an open transaction, so that the ETL stops at the first statement that needs a
 * conflicting lock on that table: a kill point that does not depend on timing. SHARE blocks INSERT / UPDATE /
 * DELETE / ALTER (and lets SELECT through); ACCESS SHARE blocks only DROP, TRUNCATE and ALTER. Closing it rolls
 * back, which lets the (by then dead) ETL's backend run on, fail to answer its client, and roll back.
 */
final class Gate implements AutoCloseable {
    private final Connection conn;
    private final String table;

    private Gate(Connection conn, String table) {
        this.conn = conn;
        this.table = table;
    }

    static Gate lock(Connection conn, String table, String mode) throws SQLException {
        conn.setAutoCommit(false);
        try (Statement st = conn.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '20s'");
            st.execute("LOCK TABLE " + table + " IN " + mode + " MODE");
        } catch (SQLException e) {
            conn.rollback();
            conn.close();
            throw e;
        }
        return new Gate(conn, table);
    }

    String table() {
        return table;
    }

    @Override
    public void close() throws SQLException {
        if (conn.isClosed()) {
            return;
        }
        try {
            conn.rollback();
        } finally {
            conn.close();
        }
    }
}
