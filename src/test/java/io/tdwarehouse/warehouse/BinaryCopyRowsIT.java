package io.tdwarehouse.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tdwarehouse.testing.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows written in binary COPY land in PostgreSQL exactly as the same texts do in text COPY: every staging column
 * type, nulls, edge values. The text COPY is PostgreSQL's own reading of the canonical texts, so the two tables
 * must be equal value for value.
 */
class BinaryCopyRowsIT {
    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    private static final List<BinaryCopyRows.Type> TYPES = List.of(BinaryCopyRows.Type.TEXT, BinaryCopyRows.Type.UUID,
            BinaryCopyRows.Type.TIMESTAMPTZ, BinaryCopyRows.Type.BOOLEAN, BinaryCopyRows.Type.INTEGER,
            BinaryCopyRows.Type.BIGINT, BinaryCopyRows.Type.NUMERIC, BinaryCopyRows.Type.DOUBLE, BinaryCopyRows.Type.REAL,
            BinaryCopyRows.Type.DATE);
    private static final String COLUMNS = "t text, u uuid, ts timestamptz, b boolean, i integer, l bigint, n numeric, "
            + "d double precision, r real, dt date";

    private static final String[][] ROWS = {
            {"plain", "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9", "2025-03-09 06:05:03.123456+00", "t", "0", "0", "0", "0", "0", "2025-03-09"},
            {null, null, null, null, null, null, null, null, null, null},
            {"", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", "1999-12-31 23:59:59+00", "f", "-2147483648", "-9223372036854775808",
                    "-0.0001", "-1.5", "3.25", "1999-12-31"},
            {"tab\there, newline\nhere, back\\slash, quote' \"", "00000000-0000-0000-0000-000000000000",
                    "2000-01-01 00:00:00+00", "t", "2147483647", "9223372036854775807", "1234.50", "0.1", "0.1", "2000-01-01"},
            {"Ünïcödé ✓ 😀 𝄞 日本語", "12345678-9abc-def0-1234-56789abcdef0", "1900-01-01 00:00:00.000001+00", "f", "42",
                    "-1", "99999999999999999.99", "1e-300", "-3.4e38", "1900-01-01"},
            {"\u0001\u001f control", "abcdef00-1234-5678-9abc-def012345678", "9999-12-31 23:59:59.999999+00", "t", "-1",
                    "123", "12345678901234567890.000000000000000000001", "-0", "1.17549435E-38", "9999-12-31"},
            {"x".repeat(10_000), "a0000000-0000-0000-0000-00000000000a", "2024-02-29 12:00:00.5+00".replace(".5", ".500000"),
                    "f", "7", "7", "100000000", "123456789.123456789", "-7", "2024-02-29"},
            {"zero scale", "b0000000-0000-0000-0000-00000000000b", "1970-01-01 00:00:00+00", "t", "1", "1", "0.000", "2", "2",
                    "1970-01-01"},
            {"big integer part", "c0000000-0000-0000-0000-00000000000c", "2038-01-19 03:14:08+00", "t", "1", "1",
                    "10000", "3", "3", "2038-01-19"},
    };

    @BeforeEach
    void tables() throws SQLException {
        try (Connection c = DB.connection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS via_binary, via_text");
            st.execute("CREATE TABLE via_binary (" + COLUMNS + ")");
            st.execute("CREATE TABLE via_text (" + COLUMNS + ")");
        }
    }

    @Test
    void binaryRowsEqualWhatPostgresReadsFromTheSameTexts() throws Exception {
        try (Connection c = DB.connection()) {
            BinaryCopyRows rows = new BinaryCopyRows(TYPES, 64); // grows as it goes
            for (String[] row : ROWS) {
                rows.row(row);
            }
            CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY via_binary FROM STDIN (FORMAT binary)");
            in.writeToCopy(BinaryCopyRows.HEADER, 0, BinaryCopyRows.HEADER.length);
            in.writeToCopy(rows.buffer(), 0, rows.size());
            in.writeToCopy(BinaryCopyRows.TRAILER, 0, BinaryCopyRows.TRAILER.length);
            assertThat(in.endCopy()).isEqualTo(ROWS.length);

            CopyText text = new CopyText(64);
            for (String[] row : ROWS) {
                for (String v : row) {
                    text.field(v);
                }
                text.endRow();
            }
            CopyIn textIn = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY via_text FROM STDIN");
            textIn.writeToCopy(text.buffer(), 0, text.size());
            textIn.endCopy();

            assertThat(rows("via_binary", c)).containsExactlyInAnyOrderElementsOf(rows("via_text", c)).hasSize(ROWS.length);
            // numeric keeps its scale (1234.50 stays 1234.50), which text output shows
            assertThat(rows("via_binary", c)).anyMatch(r -> r.contains("1234.50")).anyMatch(r -> r.contains("0.000"));
        }
    }

    @Test
    void bitsGivenForUuidsAndTimestampsWriteTheSameBytesAsTheirTexts() {
        for (String[] row : ROWS) {
            BinaryCopyRows fromText = new BinaryCopyRows(TYPES, 64);
            fromText.row(row);
            long[] bits = new long[2 * row.length];
            if (row[1] != null) {
                java.util.UUID u = java.util.UUID.fromString(row[1]);
                bits[2] = u.getMostSignificantBits();
                bits[3] = u.getLeastSignificantBits();
            }
            if (row[2] != null) {
                java.time.Instant t = java.time.OffsetDateTime.parse(row[2].replace(' ', 'T') + ":00").toInstant();
                bits[4] = (t.getEpochSecond() - 946_684_800L) * 1_000_000L + t.getNano() / 1000;
            }
            BinaryCopyRows fromBits = new BinaryCopyRows(TYPES, 64);
            fromBits.row(row, bits);
            assertThat(java.util.Arrays.copyOf(fromBits.buffer(), fromBits.size()))
                    .as("row %s", row[0]).isEqualTo(java.util.Arrays.copyOf(fromText.buffer(), fromText.size()));
        }
    }

    @Test
    void aValueNotInItsCanonicalFormIsRefusedAndTheBufferKeepsOnlyWholeRows() {
        BinaryCopyRows rows = new BinaryCopyRows(TYPES, 64);
        rows.row(ROWS[0]);
        int size = rows.size();
        String[] bad = ROWS[0].clone();
        bad[2] = "2025-03-09T06:05:03Z"; // ISO form, not the encoder's
        assertThatThrownBy(() -> rows.row(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timestamp");
        String[] badGuid = ROWS[0].clone();
        badGuid[1] = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8fg";
        assertThatThrownBy(() -> rows.row(badGuid)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hex");
        String[] badDay = ROWS[0].clone();
        badDay[2] = "2025-02-30 00:00:00+00";
        assertThatThrownBy(() -> rows.row(badDay)).isInstanceOf(RuntimeException.class);
        assertThat(rows.size()).isEqualTo(size);
    }

    private static List<String> rows(String table, Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + table + "::text FROM " + table)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
