package io.tdwarehouse.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tdwarehouse.definition.PipelineDefinition;
import io.tdwarehouse.definition.TableDefinition;
import io.tdwarehouse.run.RejectsExceededException;
import io.tdwarehouse.run.RunRequest;
import io.tdwarehouse.run.RunSummary;
import io.tdwarehouse.run.WarehouseRun;
import io.tdwarehouse.simulator.http.SimulatorServer;
import io.tdwarehouse.simulator.http.Users;
import io.tdwarehouse.simulator.model.PropertyDef;
import io.tdwarehouse.simulator.tenant.TenantData;
import io.tdwarehouse.simulator.tenant.TenantSchema;
import io.tdwarehouse.source.FeedSettings;
import io.tdwarehouse.source.Secret;
import io.tdwarehouse.testing.PostgresDatabase;
import io.tdwarehouse.testing.WarehouseTruth;
import io.tdwarehouse.warehouse.WarehouseSettings;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Data no generator would produce, injected as raw JSON rows into the simulated feed: every good row must be loaded
 * exactly, every bad one must cost only itself (a reject in etl.rejects that says which row, which property, which
 * value and why), and too many bad rows must fail the run without changing anything.
 *
 * <p>Decisions these tests pin down: NUL and unpaired UTF-16 surrogates are rejected (never replaced by U+FFFD),
 * other control characters are loaded as they are; a number the warehouse column cannot hold as it is (too many
 * integer digits, or more decimals than its scale, which PostgreSQL would round) is rejected; a property given twice
 * rejects the row; a date outside dw.dim_date is loaded with the Unknown date key.
 *
 * <p>The runs use the shipped definition without partitionBy: raw rows ignore $filter, so a full read split into
 * yearly windows would get each of them once per window.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileDataIT {
    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();
    private static final int INCIDENTS = 1_000;
    /** Injected bad rows are ~3% of this small tenant's incidents. */
    private static final double THRESHOLD = 0.05;
    private static SimulatorServer server;
    private static TenantData tenant;
    private static RunRequest request;
    private static RunSummary hostile;

    /** Injected Incidents and IncidentDetails rows, and what must become of them. */
    private static final List<String> incidentRows = new ArrayList<>();
    private static final List<String> detailRows = new ArrayList<>();
    /** id → column of dw.fact_incident → value it must hold. */
    private static final Map<String, Map<String, Object>> loaded = new LinkedHashMap<>();
    private static final List<ExpectedReject> rejects = new ArrayList<>();
    private static int nextId = 1;

    /** A row of etl.rejects: raw is the exact value, or its start when rawIsPrefix. */
    record ExpectedReject(String entitySet, String sourceId, String property, String raw, boolean rawIsPrefix,
                          List<String> reason) {
    }

    @BeforeAll
    static void start() throws Exception {
        tenant = new TenantData(11, INCIDENTS);
        server = SimulatorServer.start("127.0.0.1", 0, tenant, Users.defaults(), true);
        FeedSettings feed = FeedSettings.of(server.serviceRoot(), "reporting", Secret.of("reporting"))
                .withPageSize(250).withRetries(3, Duration.ofMillis(10), Duration.ofMillis(50));
        WarehouseSettings warehouse = DB.warehouseSettings();
        RunRequest base = RunRequest.incremental(feed, warehouse);
        request = new RunRequest(base.feed(), base.warehouse(), unpartitioned(base.definition()), base.fullRefresh(),
                base.entitySets(), Duration.ZERO, base.beamArgs(), THRESHOLD, base.deletes());
        buildHostileRows();
        server.rawRows().add("Incidents", "[" + String.join(",\n", incidentRows) + "]");
        server.rawRows().add("IncidentDetails", "[" + String.join(",\n", detailRows) + "]");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static PipelineDefinition unpartitioned(PipelineDefinition d) {
        UnaryOperator<TableDefinition> f = t -> new TableDefinition(t.kind(), t.name(), t.entitySet(), t.incremental(), null,
                t.columns(), t.references(), t.dateKeys(), t.details());
        return new PipelineDefinition(d.name(), d.dimensions().stream().map(f).toList(), d.facts().stream().map(f).toList());
    }

    // ---------------------------------------------------------------------------------------------------------
    // the hostile rows

    private static void buildHostileRows() {
        // --- text
        StringBuilder controls = new StringBuilder("controls:");
        for (char c = 1; c < 0x20; c++) {
            controls.append(c);
        }
        controls.append('\u007f');
        for (char c = 0x80; c <= 0x9f; c++) {
            controls.append(c);
        }
        controls.append(" \u2028\u2029\ufeff\u200b\u202e\ufffe\uffff \\. \r\n\\.\n end \\N \\ \"quoted\"");
        good("control characters, backslashes and COPY's own markers are loaded as they are",
                incident().set("status", str(controls.toString())), "status", controls.toString());
        String emoji = "😀 👩‍👩‍👧‍👦 🇳🇱 é (e + combining) 𝕏 \udbff\udfff ✓ 中文";
        good("emoji, joiners, flags, combining marks, astral and U+10FFFF are loaded exactly",
                incident().set("status", str(emoji)), "status", emoji);
        good("an escaped surrogate pair is the character it encodes",
                incident().set("status", "\"escaped \\ud83d\\ude00 pair\""), "status", "escaped 😀 pair");
        bad("a NUL character cannot be stored in PostgreSQL text", incident().set("status", str("open\u0000closed")),
                "status", "open\\0closed", "NUL");
        bad("an unpaired high surrogate is no character: rejected, not replaced by U+FFFD",
                incident().set("status", "\"x\\ud800y\""), "status", "x\\ud800y", "unpaired UTF-16 surrogate", "\\ud800");
        bad("an unpaired low surrogate", incident().set("status", "\"\\udc00abc\""), "status", "\\udc00abc",
                "unpaired UTF-16 surrogate");
        bad("a surrogate pair in the wrong order", incident().set("status", "\"\\ude00\\ud83d\""), "status",
                "\\ude00\\ud83d", "unpaired UTF-16 surrogate");

        // --- every DateTimeOffset form OData allows: 0 to 7 fractional digits, Z, +hh:mm, -hh:mm, no seconds
        Row dates1 = incident()
                .set("creationDate", "\"2021-06-01T10:15Z\"")
                .set("modificationDate", "\"2021-06-01T10:15:30.1234567+02:00\"")
                .set("callDate", "\"2021-06-01T10:15:30-05:30\"")
                .set("targetDate", "\"2021-06-01T10:15:30.1Z\"")
                .set("completedDate", "\"2021-06-01T10:15:30.12+00:00\"")
                .set("closedDate", "\"2021-06-01T10:15+14:00\"");
        good("timestamp forms 1", dates1, "creation_date", utc("2021-06-01T10:15:00Z"),
                "modification_date", utc("2021-06-01T08:15:30.123456Z"), "call_date", utc("2021-06-01T15:45:30Z"),
                "target_date", utc("2021-06-01T10:15:30.1Z"), "completed_date", utc("2021-06-01T10:15:30.12Z"),
                "closed_date", utc("2021-05-31T20:15:00Z"), "creation_date_key", 20210601, "closed_date_key", 20210531);
        Row dates2 = incident()
                .set("creationDate", "\"2021-06-01T23:30:00.123-01:00\"")
                .set("modificationDate", "\"2021-06-01T10:15:30.1234Z\"")
                .set("callDate", "\"2021-06-01T10:15:30.12345+00:00\"")
                .set("targetDate", "\"2021-06-01T10:15:30.123456-12:00\"")
                .set("completedDate", "\"2021-06-01T10:15:30.0000000Z\"")
                .set("closedDate", "\"2021-06-01t10:15:30z\"");
        good("timestamp forms 2", dates2, "creation_date", utc("2021-06-02T00:30:00.123Z"),
                "modification_date", utc("2021-06-01T10:15:30.1234Z"), "call_date", utc("2021-06-01T10:15:30.12345Z"),
                "target_date", utc("2021-06-01T22:15:30.123456Z"), "completed_date", utc("2021-06-01T10:15:30Z"),
                "closed_date", utc("2021-06-01T10:15:30Z"), "creation_date_key", 20210602, "closed_date_key", 20210601);
        Row dates3 = incident()
                .set("creationDate", "\"2021-06-01T10:15:30.000001-00:00\"")
                .set("modificationDate", "\"2021-06-01T10:15:30.9999999Z\"")
                .set("callDate", "\"2021-06-01T00:00:00+00:00\"");
        good("timestamp forms 3: the 7th digit is truncated, never rounded up", dates3,
                "creation_date", utc("2021-06-01T10:15:30.000001Z"), "modification_date", utc("2021-06-01T10:15:30.999999Z"),
                "call_date", utc("2021-06-01T00:00:00Z"));
        Row outside = incident()
                .set("creationDate", "\"0001-01-01T00:00:00Z\"")
                .set("closed", "true")
                .set("closedDate", "\"2999-12-31T23:59:59Z\"");
        good("dates outside dw.dim_date are loaded, with the Unknown date key", outside,
                "creation_date", utc("0001-01-01T00:00:00Z"), "closed_date", utc("2999-12-31T23:59:59Z"), "closed", true,
                "creation_date_key", 0, "closed_date_key", 0);
        String[][] badDates = {
            {"modificationDate", "\"2021-02-29T10:00:00Z\"", "2021-02-29T10:00:00Z", "not a valid date and time"},
            {"callDate", "\"2021-06-01T24:00:00Z\"", "2021-06-01T24:00:00Z", "not a valid date and time"},
            {"targetDate", "\"2021-06-01T10:00:00\"", "2021-06-01T10:00:00", "not an Edm.DateTimeOffset"},
            {"completedDate", "\"2021-06-01 10:00:00Z\"", "2021-06-01 10:00:00Z", "not an Edm.DateTimeOffset"},
            {"creationDate", "\"2021-06-01T10:00:00+0200\"", "2021-06-01T10:00:00+0200", "not an Edm.DateTimeOffset"},
            {"creationDate", "\"2021-06-01T10:00:00+15:00\"", "2021-06-01T10:00:00+15:00", "not an Edm.DateTimeOffset"},
            {"closedDate", "\"2021-06-01\"", "2021-06-01", "not an Edm.DateTimeOffset"},
            {"modificationDate", "\"\"", "", "not an Edm.DateTimeOffset"},
            {"callDate", "1622541600", "1622541600", "expected a JSON string, found the number 1622541600"},
        };
        for (String[] d : badDates) {
            bad("malformed timestamp " + d[1], incident().set(d[0], d[1]), d[0], d[2], d[3]);
        }

        // --- wrong JSON types
        bad("a string for a boolean", incident().set("completed", "\"true\""), "completed", "true",
                "expected a Edm.Boolean value, found the string \"true\"");
        bad("a number for a boolean", incident().set("majorCall", "1"), "majorCall", "1",
                "expected a Edm.Boolean value, found the number 1");
        bad("a number for a Guid", incident().set("callerId", "12345"), "callerId", "12345",
                "expected a JSON string, found the number 12345");
        bad("a malformed Guid", incident().set("branchId", "\"not-a-guid\""), "branchId", "not-a-guid", "not a GUID");
        bad("an object for a string", incident().set("status", "{\"value\":\"open\"}"), "status", "(a JSON object or array)",
                "found a JSON object or array");
        bad("a string for an Int64", incident().set("timeSpent_inSeconds", "\"sixty\""), "timeSpent_inSeconds", "sixty",
                "expected a Edm.Int64 value, found the string \"sixty\"");
        bad("a fraction for an Int64", incident().set("timeSpent_inSeconds", "1.5"), "timeSpent_inSeconds", "1.5",
                "expected a Edm.Int64 value, found the number 1.5");

        // --- ids
        Row noId = incident();
        noId.values.remove("id");
        incidentRows.add(noId.json());
        rejects.add(new ExpectedReject("Incidents", null, "id", null, false, List.of("the row has no id")));
        Row textId = incident().set("id", "\"I 2211 016\"");
        incidentRows.add(textId.json());
        rejects.add(new ExpectedReject("Incidents", "I 2211 016", "id", "I 2211 016", false, List.of("not a GUID")));
        // the same id twice in one run: the later modificationDate wins, compared in UTC (12:00+02:00 is 10:00Z),
        // whatever the order the rows come in
        Row newer = incident().set("modificationDate", "\"2022-05-01T11:00:00Z\"").set("status", "\"newer\"");
        Row older = incident().set("id", str(newer.id)).set("modificationDate", "\"2022-05-01T12:00:00+02:00\"")
                .set("status", "\"older\"");
        good("duplicate id: the later one", newer, "status", "newer", "modification_date", utc("2022-05-01T11:00:00Z"));
        incidentRows.add(older.json());
        bad("a property given twice in one entity", incident().set("status", "\"open\"").append("status", "\"closed\""),
                "status", "\"open\", then \"closed\"", "appears more than once");

        // --- numbers: costs is Edm.Decimal Precision 18 Scale 2, numeric(18,2) in dw.fact_incident
        good("the largest costs and Int64 values", incident().set("costs", "9999999999999999.99")
                .set("timeSpent_inSeconds", "9223372036854775807"), "costs", new BigDecimal("9999999999999999.99"),
                "time_spent_seconds", Long.MAX_VALUE);
        good("the smallest costs and Int64 values", incident().set("costs", "-9999999999999999.99")
                .set("timeSpent_inSeconds", "-9223372036854775808"), "costs", new BigDecimal("-9999999999999999.99"),
                "time_spent_seconds", Long.MIN_VALUE);
        good("trailing zeros beyond the scale change nothing", incident().set("costs", "12.3400"), "costs",
                new BigDecimal("12.34"));
        good("an exponent is a number like any other", incident().set("costs", "1.5e3"), "costs", new BigDecimal("1500.00"));
        bad("more integer digits than numeric(18,2) holds would fail the whole merge",
                incident().set("costs", "12345678901234567.00"), "costs", "12345678901234567.00",
                "17 digits before the decimal point", "numeric(18,2)", "at most 16");
        bad("1e20", incident().set("costs", "1e20"), "costs", "1E+20", "21 digits before the decimal point");
        bad("more decimals than the scale: PostgreSQL would round, we reject", incident().set("costs", "0.125"), "costs",
                "0.125", "3 decimal places", "round it to 0.13", "rejected rather than changed");
        bad("a huge exponent is not written out", incident().set("costs", "1e999999999"), "costs", "1E+999999999",
                "beyond what PostgreSQL's numeric holds");
        String longNumber = "1" + "0".repeat(1_199);
        bad("a 1,200-digit number costs its row, not the page", incident().set("costs", longNumber), "costs",
                longNumber.substring(0, 200), true, "a number of 1200 characters");
        bad("Int64 beyond its range", incident().set("timeSpent_inSeconds", "9223372036854775808"), "timeSpent_inSeconds",
                "9223372036854775808", "out of the range of Edm.Int64");
        bad("Int64 below its range", incident().set("timeSpent_inSeconds", "-9223372036854775809"), "timeSpent_inSeconds",
                "-9223372036854775809", "out of the range of Edm.Int64");

        // --- unknown properties and annotations are skipped
        good("unknown properties, annotations and nested values the definition does not use are ignored", incident()
                .append("@odata.etag", "\"W/\\\"1\\\"\"").append("status@odata.type", "\"#String\"")
                .append("surveyScore", "{\"nested\":[1,2,{\"deep\":null}]}").append("newFlag", "true"),
                "status", "firstLine");

        // --- IncidentDetails: long texts, and bad ones
        StringBuilder d4000 = new StringBuilder();
        while (d4000.length() < 4_321) {
            d4000.append("Printer on floor 3 \"jams\" \\ again; ✓ naïve 😀\t");
        }
        String desc4000 = d4000.substring(0, 4_321);
        String desc3mb = "Brief, but not brief: ✓ 😀 naïve — ".repeat(3 * 1024 * 1024 / 32);
        Row long1 = incident();
        good("a 4,321-character brief description", long1, "brief_description", desc4000, "number", "I 2106 4000");
        detailRows.add(details(long1.id, str("I 2106 4000"), str(desc4000)));
        Row long2 = incident();
        good("a 3 MB brief description", long2, "brief_description", desc3mb, "number", "I 2106 3000");
        detailRows.add(details(long2.id, str("I 2106 3000"), str(desc3mb)));
        Row emojiDetails = incident();
        good("emoji in details", emojiDetails, "brief_description", emoji, "number", "I 😀");
        detailRows.add(details(emojiDetails.id, str("I 😀"), str(emoji)));
        Row nulDetails = incident();
        good("an incident whose details row is rejected keeps no description", nulDetails, "brief_description", null);
        detailRows.add(details(nulDetails.id, str("I 2106 0000"), str("a\u0000b")));
        rejects.add(new ExpectedReject("IncidentDetails", nulDetails.id, "briefDescription", "a\\0b", false, List.of("NUL")));
        Row numberDetails = incident();
        good("an incident whose details row has a number for a string", numberDetails, "number", null);
        detailRows.add(details(numberDetails.id, "42", str("fine")));
        rejects.add(new ExpectedReject("IncidentDetails", numberDetails.id, "number", "42", false,
                List.of("expected a JSON string, found the number 42")));
    }

    /** One Incidents row as JSON text: every property of the set, in order, as raw JSON; then any appended ones. */
    private static final class Row {
        final String id;
        final Map<String, String> values = new LinkedHashMap<>();
        final List<String[]> appended = new ArrayList<>();

        Row(String id) {
            this.id = id;
        }

        Row set(String property, String json) {
            assertThat(values).as("Incidents has " + property).containsKey(property);
            values.put(property, json);
            return this;
        }

        Row append(String property, String json) {
            appended.add(new String[] {property, json});
            return this;
        }

        String json() {
            List<String> fields = new ArrayList<>();
            values.forEach((k, v) -> fields.add(str(k) + ":" + v));
            appended.forEach(a -> fields.add(str(a[0]) + ":" + a[1]));
            return "{" + String.join(",", fields) + "}";
        }
    }

    private static String newId() {
        String id = String.format("0badc0de-%04x-4000-8000-%012x", nextId, nextId);
        nextId++;
        assertThat(tenant.locate("Incidents", UUID.fromString(id))).as("the tenant does not have " + id).isNegative();
        return id;
    }

    /** A valid incident: every property of the set, references null. */
    private static Row incident() {
        Row row = new Row(newId());
        for (PropertyDef p : TenantSchema.get("Incidents").properties()) {
            row.values.put(p.name(), switch (p.type()) {
                case GUID -> "null";
                case STRING -> "\"firstLine\"";
                case DATE_TIME_OFFSET -> "\"2021-03-04T05:06:07Z\"";
                case BOOLEAN -> "false";
                case INT32 -> "1";
                case INT64 -> "60";
                case DECIMAL -> "12.50";
                default -> throw new IllegalStateException(p.toString());
            });
        }
        row.values.put("id", str(row.id));
        return row;
    }

    private static String details(String id, String numberJson, String descriptionJson) {
        return "{\"id\":" + str(id) + ",\"number\":" + numberJson + ",\"briefDescription\":" + descriptionJson + "}";
    }

    /** A good row: column → expected value pairs (String, Boolean, Long, Integer, BigDecimal, Instant, null). */
    private static void good(String why, Row row, Object... columnsAndValues) {
        incidentRows.add(row.json());
        Map<String, Object> expected = loaded.computeIfAbsent(row.id, k -> new LinkedHashMap<>());
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            expected.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
        }
    }

    private static void bad(String why, Row row, String property, String raw, String... reason) {
        bad(why, row, property, raw, false, reason);
    }

    private static void bad(String why, Row row, String property, String raw, boolean rawIsPrefix, String... reason) {
        incidentRows.add(row.json());
        rejects.add(new ExpectedReject("Incidents", row.id, property, raw, rawIsPrefix, List.of(reason)));
    }

    private static Instant utc(String instant) {
        return Instant.parse(instant);
    }

    /** A JSON string literal; controls, DEL, C1 and unpaired surrogates escaped, everything else raw UTF-8. */
    static String str(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    // ---------------------------------------------------------------------------------------------------------
    // the runs

    @Test
    @Order(1)
    void goodRowsAreLoadedExactlyAndEachBadRowIsARejectThatSaysWhy() throws Exception {
        hostile = WarehouseRun.execute(request);

        long incidentRejects = rejects.stream().filter(r -> r.entitySet().equals("Incidents")).count();
        long detailRejects = rejects.size() - incidentRejects;
        assertThat(hostile.outcome()).isEqualTo("succeeded");
        assertThat(hostile.of("Incidents").rowsRead()).isEqualTo(INCIDENTS + incidentRows.size());
        assertThat(hostile.of("Incidents").rowsRejected()).isEqualTo(incidentRejects);
        assertThat(hostile.of("IncidentDetails").rowsRead()).isEqualTo(INCIDENTS + detailRows.size());
        assertThat(hostile.of("IncidentDetails").rowsRejected()).isEqualTo(detailRejects);
        assertThat(hostile.rowsRejected()).isEqualTo(rejects.size());
        assertThat(hostile.of("Incidents").rowsWritten()).as("the tenant's incidents and the good injected ones, once each")
                .isEqualTo(INCIDENTS + loaded.size());

        try (Connection conn = DB.connection()) {
            for (Map.Entry<String, Map<String, Object>> e : loaded.entrySet()) {
                assertLoaded(conn, e.getKey(), e.getValue());
            }
            for (ExpectedReject r : rejects) {
                if (r.sourceId() != null) {
                    assertThat(count(conn, "SELECT count(*) FROM dw.fact_incident WHERE incident_id::text = '"
                            + r.sourceId().replace("'", "''") + "'")).as("rejected incident %s is not loaded", r.sourceId())
                            .isEqualTo(r.entitySet().equals("Incidents") ? 0 : 1);
                }
            }
            assertRejects(conn, hostile.runId());
            // the tenant's own rows are untouched by their hostile neighbours
            Set<String> injected = new HashSet<>(loaded.keySet());
            List<String> generated = WarehouseTruth.read(conn, "bi.incidents", WarehouseTruth.INCIDENT_COLUMNS).stream()
                    .filter(line -> !injected.contains(line.substring(0, 36))).toList();
            assertThat(generated).containsExactlyInAnyOrderElementsOf(new WarehouseTruth(tenant).incidents());
            assertThat(count(conn, "SELECT count(*) FROM bi.incidents")).isEqualTo(INCIDENTS + loaded.size());
        }
    }

    private static void assertLoaded(Connection conn, String id, Map<String, Object> expected) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT * FROM dw.fact_incident WHERE incident_id = ?::uuid")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("incident %s is loaded", id).isTrue();
                for (Map.Entry<String, Object> e : expected.entrySet()) {
                    String column = e.getKey();
                    Object want = e.getValue();
                    Object got;
                    if (want instanceof Instant) {
                        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
                        got = t == null ? null : t.toInstant();
                        want = ((Instant) want).truncatedTo(ChronoUnit.MICROS);
                    } else if (want instanceof Long) {
                        got = rs.getLong(column);
                    } else if (want instanceof Integer) {
                        got = rs.getInt(column);
                    } else if (want instanceof Boolean) {
                        got = rs.getBoolean(column);
                    } else if (want instanceof BigDecimal) {
                        got = rs.getBigDecimal(column);
                    } else {
                        got = rs.getString(column);
                    }
                    if (want instanceof String s && s.length() > 10_000) {
                        assertThat(got).as("%s.%s (%d characters)", id, column, s.length()).isInstanceOf(String.class);
                        assertThat(((String) got).length()).isEqualTo(s.length());
                        assertThat(got.equals(s)).as("%s.%s is loaded exactly", id, column).isTrue();
                    } else {
                        assertThat(got).as("%s.%s", id, column).isEqualTo(want);
                    }
                }
            }
        }
    }

    private static void assertRejects(Connection conn, long runId) throws SQLException {
        List<String[]> actual = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT entity_set, source_id, property, raw_value, reason "
                + "FROM etl.rejects WHERE run_id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    actual.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)});
                }
            }
        }
        assertThat(actual).as("one reject per bad row:\n" + actual.stream().map(a -> String.join(" | ", a[0], a[1], a[2],
                String.valueOf(a[3]).length() > 80 ? a[3].substring(0, 80) : a[3], a[4])).collect(Collectors.joining("\n")))
                .hasSize(rejects.size());
        for (ExpectedReject want : rejects) {
            List<String[]> matching = actual.stream().filter(a -> a[0].equals(want.entitySet())
                    && java.util.Objects.equals(a[1], want.sourceId()) && a[2].equals(want.property())).toList();
            assertThat(matching).as("reject of %s %s.%s", want.entitySet(), want.sourceId(), want.property()).hasSize(1);
            String[] got = matching.get(0);
            if (want.raw() == null) {
                assertThat(got[3]).isNull();
            } else if (want.rawIsPrefix()) {
                assertThat(got[3]).startsWith(want.raw());
            } else {
                assertThat(got[3]).as("raw value of %s.%s", want.sourceId(), want.property()).isEqualTo(want.raw());
            }
            for (String part : want.reason()) {
                assertThat(got[4]).as("reason for %s.%s", want.sourceId(), want.property()).contains(part);
            }
        }
    }

    @Test
    @Order(2)
    void moreRejectsThanTheThresholdFailTheRunAndChangeNothing() throws Exception {
        Map<String, String> warehouseBefore;
        List<String> watermarksBefore;
        try (Connection conn = DB.connection()) {
            warehouseBefore = warehouse(conn);
            watermarksBefore = watermarks(conn);
        }
        // changes a successful run would load
        tenant.mutate("Incidents", 5, 20, 0);

        assertThatThrownBy(() -> WarehouseRun.execute(request.withMaxRejectedFraction(0.001)))
                .isInstanceOf(RejectsExceededException.class)
                .hasMessageContaining("Incidents:").hasMessageContaining("rows rejected").hasMessageContaining("etl.rejects");

        try (Connection conn = DB.connection()) {
            assertThat(warehouse(conn)).as("the warehouse is as it was").isEqualTo(warehouseBefore);
            assertThat(watermarks(conn)).as("the watermarks are as they were").isEqualTo(watermarksBefore);
            assertThat(string(conn, "SELECT outcome FROM etl.runs ORDER BY run_id DESC LIMIT 1")).isEqualTo("failed");
            long failedRun = count(conn, "SELECT max(run_id) FROM etl.runs");
            assertThat(count(conn, "SELECT count(*) FROM etl.rejects WHERE run_id = " + failedRun + " AND entity_set = 'Incidents'"))
                    .as("the failed run's rejects are kept to say why").isGreaterThanOrEqualTo(
                            rejects.stream().filter(r -> r.entitySet().equals("Incidents")).count());
            assertThat(count(conn, "SELECT count(*) FROM pg_tables WHERE schemaname = 'staging'")).isZero();
        }
    }

    @Test
    @Order(3)
    void onceTheSourceIsFixedTheNextRunLoadsWhatTheFailedOneDidNot() throws Exception {
        server.rawRows().clear();
        RunSummary summary = WarehouseRun.execute(request);
        assertThat(summary.rowsRejected()).isZero();
        try (Connection conn = DB.connection()) {
            assertThat(count(conn, "SELECT count(*) FROM bi.incidents")).isEqualTo(INCIDENTS + 5 + loaded.size());
            Set<String> injected = new HashSet<>(loaded.keySet());
            List<String> generated = WarehouseTruth.read(conn, "bi.incidents", WarehouseTruth.INCIDENT_COLUMNS).stream()
                    .filter(line -> !injected.contains(line.substring(0, 36))).toList();
            assertThat(generated).containsExactlyInAnyOrderElementsOf(new WarehouseTruth(tenant).incidents());
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Per table of dw: row count and a digest of its rows. */
    static Map<String, String> warehouse(Connection conn) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> tables = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = 'dw' AND table_type = 'BASE TABLE' ORDER BY 1")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        for (String t : tables) {
            out.put(t, string(conn, "SELECT count(*) || ' ' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') FROM dw."
                    + t + " x"));
        }
        return out;
    }

    static List<String> watermarks(Connection conn) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT entity_set, watermark, run_id FROM etl.watermarks ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getObject(2, OffsetDateTime.class).toInstant() + " " + rs.getLong(3));
            }
        }
        return out;
    }

    static long count(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String string(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
