package io.tdwarehouse.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tdwarehouse.testing.PostgresDatabase;
import io.tdwarehouse.warehouse.WarehouseException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a bulk merge sets aside (foreign keys, secondary indexes) comes back as it was, and bad rows are caught. */
class BulkMergeGuardsIT {
    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    @BeforeEach
    void schema() throws SQLException {
        try (Connection c = DB.connection(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS dw CASCADE; DROP SCHEMA IF EXISTS staging CASCADE; CREATE SCHEMA dw; CREATE SCHEMA staging");
            st.execute("CREATE TABLE dw.dim_colour (colour_key int PRIMARY KEY, source_id uuid UNIQUE)");
            st.execute("CREATE TABLE dw.dim_size (size_key int PRIMARY KEY)");
            st.execute("INSERT INTO dw.dim_colour VALUES (0, NULL), (1, gen_random_uuid()), (2, gen_random_uuid())");
            st.execute("INSERT INTO dw.dim_size VALUES (0), (7)");
            st.execute("CREATE TABLE dw.fact_thing (thing_id int PRIMARY KEY, colour_key int NOT NULL DEFAULT 0 "
                    + "REFERENCES dw.dim_colour (colour_key), size_key int REFERENCES dw.dim_size (size_key), changed timestamptz)");
            st.execute("CREATE INDEX ON dw.fact_thing (changed)");
            st.execute("CREATE INDEX things_without_colour ON dw.fact_thing (thing_id) WHERE colour_key = 0");
            st.execute("CREATE UNLOGGED TABLE staging.things (thing_id int, colour_key int, size_key int, changed timestamptz)");
        }
    }

    @Test
    void foreignKeysComeBackNotValidatedAgainAndStillGuardLaterWrites() throws SQLException {
        try (Connection c = DB.connection()) {
            c.setAutoCommit(false);
            List<String> before = foreignKeys(c);
            List<ForeignKeys.Constraint> dropped = ForeignKeys.drop(c, "fact_thing");
            assertThat(dropped).extracting(ForeignKeys.Constraint::column).containsExactly("colour_key", "size_key");
            assertThat(foreignKeys(c)).isEmpty();
            execute(c, "INSERT INTO staging.things VALUES (1, 1, 7, now()), (2, 0, NULL, now())");
            execute(c, "INSERT INTO dw.fact_thing SELECT * FROM staging.things");
            ForeignKeys.restore(c, "fact_thing", dropped, "staging.things");
            c.commit();
            assertThat(foreignKeys(c)).containsExactlyElementsOf(before.stream().map(d -> d + " NOT VALID").toList());
            // NOT VALID skips existing rows only: a later write is checked as before
            assertThatThrownBy(() -> execute(c, "INSERT INTO dw.fact_thing VALUES (3, 99, NULL, now())"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("fact_thing_colour_key_fkey");
            c.rollback();
            // and a second bulk merge restores them the same way
            ForeignKeys.restore(c, "fact_thing", ForeignKeys.drop(c, "fact_thing"), "staging.things");
            c.commit();
            assertThat(foreignKeys(c)).containsExactlyElementsOf(before.stream().map(d -> d + " NOT VALID").toList());
        }
    }

    @Test
    void aMergedRowReferencingAMissingMemberFailsNamingTheKey() throws SQLException {
        try (Connection c = DB.connection()) {
            c.setAutoCommit(false);
            List<ForeignKeys.Constraint> dropped = ForeignKeys.drop(c, "fact_thing");
            execute(c, "INSERT INTO staging.things VALUES (1, 1, 7, now()), (2, 2, 8, now())");
            execute(c, "INSERT INTO dw.fact_thing SELECT * FROM staging.things");
            assertThatThrownBy(() -> ForeignKeys.restore(c, "fact_thing", dropped, "staging.things"))
                    .isInstanceOf(WarehouseException.class)
                    .hasMessageContaining("fact_thing_size_key_fkey")
                    .hasMessageContaining("dw.dim_size")
                    .hasMessageNotContaining("colour_key_fkey");
            c.rollback();
            assertThat(foreignKeys(c)).hasSize(2);
            assertThat(count(c, "SELECT count(*) FROM dw.fact_thing")).isZero();
        }
    }

    @Test
    void secondaryIndexesAreRebuiltAsTheyWereAndUniqueOnesStay() throws SQLException {
        try (Connection c = DB.connection()) {
            c.setAutoCommit(false);
            List<String> before = indexes(c);
            List<String> dropped = SecondaryIndexes.drop(c, "fact_thing");
            assertThat(dropped).hasSize(2).allMatch(d -> d.startsWith("CREATE INDEX"));
            assertThat(indexes(c)).containsExactly("CREATE UNIQUE INDEX fact_thing_pkey ON dw.fact_thing USING btree (thing_id)");
            SecondaryIndexes.rebuild(c, dropped);
            c.commit();
            assertThat(indexes(c)).containsExactlyElementsOf(before);
        }
    }

    @Test
    void rowCountFallsBackToCountingATableNeverAnalysed() throws SQLException {
        try (Connection c = DB.connection()) {
            execute(c, "INSERT INTO dw.fact_thing VALUES (1, 1, 7, now()), (2, 0, NULL, now()), (3, 2, 0, now())");
            assertThat(SecondaryIndexes.rows(c, "fact_thing")).isEqualTo(3);
            execute(c, "ANALYZE dw.fact_thing");
            assertThat(SecondaryIndexes.rows(c, "fact_thing")).isEqualTo(3);
        }
    }

    private static List<String> foreignKeys(Connection c) throws SQLException {
        return strings(c, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'dw.fact_thing'::regclass "
                + "AND contype = 'f' ORDER BY conname");
    }

    private static List<String> indexes(Connection c) throws SQLException {
        return strings(c, "SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = 'dw.fact_thing'::regclass ORDER BY 1");
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
