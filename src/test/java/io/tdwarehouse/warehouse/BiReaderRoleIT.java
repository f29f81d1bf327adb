package io.tdwarehouse.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tdwarehouse.testing.PostgresDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The read-only role of V2__bi_reader_role.sql, proven by logging in as a member of it: it reads bi and dw, and
 * every attempt to read etl or staging, to write, or to create is refused with SQLSTATE 42501
 * (insufficient_privilege).
 */
class BiReaderRoleIT {
    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A BI user as an administrator would create it; roles are cluster-wide, so the name is random. */
    private static final String USER = "it_bi_user_" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    private static final String PASSWORD = randomHex();

    private static WarehouseSettings owner;

    @BeforeAll
    static void migrateAndCreateUser() throws SQLException {
        owner = DB.warehouseSettings();
        Migrations.migrate(owner);
        try (Connection c = DB.connection(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "' IN ROLE topdesk_bi_reader");
            // as the ETL does during a run
            st.execute("CREATE UNLOGGED TABLE staging.it_scratch (id uuid, name text)");
            // created after the migration: readable through the default privileges alone. A view on one table is
            // automatically updatable, so writing to it reaches the privilege check (the shipped bi views join
            // tables: PostgreSQL refuses writes to those before it checks privileges, with 55000).
            st.execute("CREATE VIEW bi.it_branch_names AS SELECT branch_key, name FROM dw.dim_branch");
            st.execute("CREATE TABLE dw.it_later_table (id integer)");
        }
    }

    @AfterAll
    static void dropUser() throws SQLException {
        try (Connection c = DB.connection(); Statement st = c.createStatement()) {
            st.execute("DROP ROLE IF EXISTS " + USER);
        }
    }

    @Test
    void readsTheBiViewsAndTheStar() throws SQLException {
        try (Connection c = asBiUser(DB.jdbcUrl()); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM bi.incidents")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isZero();
            }
            try (ResultSet rs = st.executeQuery("SELECT name FROM dw.dim_branch WHERE branch_key = 0")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("Unknown");
            }
            try (ResultSet rs = st.executeQuery("SELECT name FROM bi.it_branch_names WHERE branch_key = 0")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("Unknown");
            }
            st.executeQuery("SELECT count(*) FROM dw.it_later_table").close();
        }
    }

    @Test
    void readsEveryTableAndViewOfBiAndDw() throws SQLException {
        List<String> relations = relations("bi", "dw");
        assertThat(relations).contains("bi.incidents", "bi.changes", "bi.change_activities", "dw.dim_branch",
                "dw.dim_date", "dw.fact_incident", "dw.fact_change", "dw.fact_change_activity");
        try (Connection c = asBiUser(DB.jdbcUrl()); Statement st = c.createStatement()) {
            for (String relation : relations) {
                st.executeQuery("SELECT * FROM " + relation + " LIMIT 1").close();
            }
        }
    }

    @Test
    void cannotReadEtlOrStaging() throws SQLException {
        List<String> denied = new ArrayList<>(List.of("SELECT * FROM etl.runs", "SELECT * FROM etl.watermarks",
                "SELECT * FROM staging.it_scratch"));
        for (String relation : relations("etl", "staging")) {
            denied.add("SELECT * FROM " + relation);
        }
        assertThat(denied).contains("SELECT * FROM etl.flyway_schema_history", "SELECT * FROM etl.dimension_keys");
        assertAllDenied(denied);
        try (Connection c = DB.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT has_schema_privilege(?, s, 'USAGE') OR has_schema_privilege('public', s, 'USAGE') "
                        + "FROM unnest(ARRAY['etl', 'staging']) AS s")) {
            ps.setString(1, USER);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getBoolean(1)).as("USAGE on etl or staging").isFalse();
                }
            }
        }
    }

    @Test
    void cannotWriteToDwOrBi() throws SQLException {
        assertAllDenied(List.of(
                "INSERT INTO dw.dim_branch (branch_key, name) VALUES (-1, 'x')",
                "UPDATE dw.dim_branch SET name = 'x' WHERE branch_key = 0",
                "DELETE FROM dw.dim_branch WHERE branch_key = 0",
                "INSERT INTO dw.fact_incident SELECT * FROM dw.fact_incident",
                "UPDATE dw.fact_incident SET status = NULL",
                "DELETE FROM dw.fact_incident",
                "TRUNCATE dw.dim_date",
                "INSERT INTO bi.it_branch_names (branch_key, name) VALUES (-1, 'x')",
                "UPDATE bi.it_branch_names SET name = 'x' WHERE branch_key = 0",
                "DELETE FROM bi.it_branch_names WHERE branch_key = 0"));
        // the shipped views are not updatable for anyone; the role has no write privilege on them either
        try (Connection c = DB.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT v, has_table_privilege(?, v, 'INSERT,UPDATE,DELETE,TRUNCATE') "
                        + "FROM unnest(ARRAY['bi.incidents', 'bi.changes', 'bi.change_activities']) AS v")) {
            ps.setString(1, USER);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getBoolean(2)).as("write privilege on " + rs.getString(1)).isFalse();
                }
            }
        }
    }

    @Test
    void cannotCreateInAnyWarehouseSchema() throws SQLException {
        assertAllDenied(List.of(
                "CREATE TABLE dw.mine (id integer)",
                "CREATE VIEW dw.mine AS SELECT 1 AS one",
                "CREATE TABLE bi.mine (id integer)",
                "CREATE VIEW bi.mine AS SELECT 1 AS one",
                "CREATE TABLE etl.mine (id integer)",
                "CREATE TABLE staging.mine (id integer)",
                "ALTER TABLE dw.dim_branch ADD COLUMN mine text",
                "DROP VIEW bi.incidents"));
    }

    /** R__bi_views.sql drops and re-creates the views: the new views must be readable at once. */
    @Test
    void grantsSurviveTheViewsBeingRecreated() throws SQLException, IOException {
        String views;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("db/migration/R__bi_views.sql")) {
            assertThat(in).as("R__bi_views.sql on the classpath").isNotNull();
            views = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        long before;
        long after;
        try (Connection c = DB.connection(); Statement st = c.createStatement()) {
            before = oid(st, "bi.incidents");
            st.execute(views);
            after = oid(st, "bi.incidents");
        }
        assertThat(after).as("bi.incidents was re-created").isNotEqualTo(before);
        try (Connection c = asBiUser(DB.jdbcUrl()); Statement st = c.createStatement()) {
            for (String view : List.of("bi.incidents", "bi.changes", "bi.change_activities")) {
                st.executeQuery("SELECT * FROM " + view + " LIMIT 1").close();
            }
        }
    }

    /** The role is cluster-wide: a second warehouse on the same server migrates although the role exists. */
    @Test
    void migratesASecondWarehouseOnTheSameServer() throws SQLException {
        String second = DB.databaseName() + "_b";
        try (Connection c = DB.connection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + second);
        }
        try {
            String url = DB.jdbcUrl().replaceFirst("/" + DB.databaseName() + "(?=$|\\?)", "/" + second);
            assertThat(url).contains("/" + second);
            Migrations.migrate(new WarehouseSettings(url, owner.username(), owner.password()));
            assertThat(Migrations.pending(new WarehouseSettings(url, owner.username(), owner.password()))).isZero();
            try (Connection c = asBiUser(url); Statement st = c.createStatement()) {
                st.executeQuery("SELECT * FROM bi.incidents LIMIT 1").close();
                SQLException e = denial(st, "SELECT * FROM etl.runs");
                assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(INSUFFICIENT_PRIVILEGE);
            }
        } finally {
            try (Connection c = DB.connection(); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + second + " WITH (FORCE)");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** Logs in as the BI user (the password matters where the server checks passwords, not under trust). */
    private static Connection asBiUser(String jdbcUrl) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", PASSWORD);
        props.setProperty("connectTimeout", "10");
        Connection c = DriverManager.getConnection(jdbcUrl, props);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_user")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(USER);
        }
        return c;
    }

    private static void assertAllDenied(List<String> statements) throws SQLException {
        try (Connection c = asBiUser(DB.jdbcUrl()); Statement st = c.createStatement()) {
            for (String sql : statements) {
                SQLException e = denial(st, sql);
                assertThat(e.getSQLState()).as(sql + " -> " + e.getMessage()).isEqualTo(INSUFFICIENT_PRIVILEGE);
            }
        }
    }

    /** Runs a statement that must fail (autocommit: a failure does not spoil the next statement). */
    private static SQLException denial(Statement st, String sql) {
        Throwable t = catchThrowable(() -> st.execute(sql));
        assertThat(t).as(sql + " must be refused").isInstanceOf(SQLException.class);
        return (SQLException) t;
    }

    /** Every table and view in these schemas, as schema.name. */
    private static List<String> relations(String... schemas) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DB.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE n.nspname = ANY (?) AND c.relkind IN ('r', 'v', 'm', 'p', 'f') ORDER BY 1")) {
            ps.setArray(1, c.createArrayOf("text", schemas));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static long oid(Statement st, String relation) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT '" + relation + "'::regclass::oid")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String randomHex() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
