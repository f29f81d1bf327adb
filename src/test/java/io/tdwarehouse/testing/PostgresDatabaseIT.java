package io.tdwarehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Proves that {@link PostgresDatabase} hands out isolated, real, dropped-afterwards databases. */
class PostgresDatabaseIT {

    /** The class-level context, captured so a test can drive a further extension instance by hand. */
    private static ExtensionContext classContext;

    @RegisterExtension
    static final BeforeAllCallback CAPTURE_CONTEXT = context -> classContext = context;

    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    @RegisterExtension
    static final PostgresDatabase OTHER = new PostgresDatabase();

    @Test
    void databaseExistsAndIsConnectable() throws SQLException {
        assertThat(DB.databaseName()).startsWith("it_postgresdatabaseit_").matches("[a-z0-9_]{1,63}");
        assertThat(DB.jdbcUrl()).startsWith("jdbc:postgresql:").contains("/" + DB.databaseName())
                .doesNotContain("user=").doesNotContain("password=");
        assertThat(DB.username()).isNotBlank();

        try (Connection c = DB.connection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_database(), 1 + 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(DB.databaseName());
            assertThat(rs.getInt(2)).isEqualTo(2);
        }
        try (Connection c = DB.connection()) {
            assertThat(databaseExists(c, DB.databaseName())).isTrue();
        }
    }

    @Test
    void isNotTheAdminDatabase() throws SQLException {
        String admin = DB.adminDatabaseName();
        assertThat(admin).isNotBlank();
        assertThat(DB.databaseName()).isNotEqualTo(admin)
                .isNotIn("postgres", "template0", "template1", "test", "root");
        assertThat(DB.jdbcUrl()).doesNotEndWith("/" + admin).doesNotContain("/" + admin + "?");
        try (Connection c = DB.connection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_database()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isNotEqualTo(admin).isEqualTo(DB.databaseName());
        }
    }

    @Test
    void twoInstancesGetDistinctDatabases() {
        assertThat(OTHER.databaseName()).isNotEqualTo(DB.databaseName());
        assertThat(OTHER.jdbcUrl()).isNotEqualTo(DB.jdbcUrl());
    }

    @Test
    void aTableInOneDatabaseIsInvisibleInTheOther() throws SQLException {
        try (Connection c = DB.connection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE isolation_probe (id int PRIMARY KEY)");
            st.execute("INSERT INTO isolation_probe VALUES (42)");
        }
        try (Connection c = DB.connection()) {
            assertThat(tableExists(c, "isolation_probe")).isTrue();
        }
        try (Connection c = OTHER.connection()) {
            assertThat(tableExists(c, "isolation_probe")).isFalse();
            try (Statement st = c.createStatement()) {
                assertThatThrownBy(() -> st.executeQuery("SELECT * FROM isolation_probe"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("isolation_probe");
            }
        }
    }

    @Test
    void afterAllDropsTheDatabase() throws Exception {
        PostgresDatabase third = new PostgresDatabase();
        assertThatThrownBy(third::databaseName).isInstanceOf(IllegalStateException.class);

        third.beforeAll(classContext);
        String name = third.databaseName();
        assertThat(name).isNotIn(DB.databaseName(), OTHER.databaseName());

        // Leave a connection open: afterAll must terminate it, not fail on "being accessed by other users".
        Connection lingering = third.connection();
        try (Statement st = lingering.createStatement()) {
            st.execute("CREATE TABLE t (x int)");
        }
        try (Connection c = DB.connection()) {
            assertThat(databaseExists(c, name)).as("database %s exists before afterAll", name).isTrue();
        }

        third.afterAll(classContext);

        try (Connection c = DB.connection()) {
            assertThat(databaseExists(c, name)).as("database %s is dropped by afterAll", name).isFalse();
        }
        assertThat(lingering.isValid(2)).as("connections to the dropped database were terminated").isFalse();
        lingering.close();
        assertThatThrownBy(third::connection).isInstanceOf(IllegalStateException.class);
    }

    private static boolean databaseExists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, "public." + table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
