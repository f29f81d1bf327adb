package io.tdwarehouse.run;

import io.tdwarehouse.warehouse.WarehouseException;
import io.tdwarehouse.warehouse.WarehouseSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One run at a time per warehouse: a session-level PostgreSQL advisory lock, held on its own connection for the
 * whole run. PostgreSQL releases it when that connection ends, so a killed run never leaves it behind.
 */
public final class RunLock implements AutoCloseable {
    /** An arbitrary constant: the lock's identity within the database. */
    public static final long LOCK_ID = 0x7D3E_5A11_0001L;
    private final Connection conn;

    private RunLock(Connection conn) {
        this.conn = conn;
    }

    /** Takes the lock, or throws {@link RunLockedException} at once when another run holds it. */
    public static RunLock acquire(WarehouseSettings warehouse) {
        try {
            Connection conn = warehouse.connect();
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_ID + ")")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    conn.close();
                    throw new RunLockedException("another run holds the warehouse's run lock (PostgreSQL advisory lock "
                            + LOCK_ID + "); it is released when that run ends or its process dies");
                }
            }
            return new RunLock(conn);
        } catch (SQLException e) {
            throw new WarehouseException("cannot reach the warehouse at " + warehouse.redactedUrl() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            conn.close(); // ends the session, which releases the lock
        } catch (SQLException ignored) {
            // the session is gone either way
        }
    }

    /** Another run holds the lock. */
    public static final class RunLockedException extends RuntimeException {
        public RunLockedException(String message) {
            super(message);
        }
    }
}
