package io.tdwarehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tdwarehouse.definition.PipelineDefinition;
import io.tdwarehouse.definition.Reference;
import io.tdwarehouse.definition.TableDefinition;
import io.tdwarehouse.source.PageParser;
import io.tdwarehouse.source.RawRow;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StagingRowEncoderTest {

    private static final String ID = "6F9619FF-8B86-D011-B42D-00C04FC964FF";
    private static final String BRANCH = "0badf00d-0000-4000-8000-00000000abcd";
    private static final String OTHER_BRANCH = "ffffffff-0000-4000-8000-000000000001";
    private static final int TASK = 17;

    private static final Map<String, String> EDM = Map.ofEntries(
            Map.entry("id", "Edm.Guid"),
            Map.entry("name", "Edm.String"),
            Map.entry("flag", "Edm.Boolean"),
            Map.entry("count32", "Edm.Int32"),
            Map.entry("count64", "Edm.Int64"),
            Map.entry("amount", "Edm.Decimal"),
            Map.entry("ownerGuid", "Edm.Guid"),
            Map.entry("modificationDate", "Edm.DateTimeOffset"),
            Map.entry("branchId", "Edm.Guid"),
            Map.entry("creationDate", "Edm.DateTimeOffset"));

    private StagingLayout layout;
    private StagingRowEncoder encoder;

    private static TableDefinition ticket() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("name", "name");
        columns.put("flag", "flag");
        columns.put("count32", "count32");
        columns.put("count64", "count64");
        columns.put("amount", "amount");
        columns.put("ownerGuid", "owner_guid");
        columns.put("modificationDate", "modification_date");
        return new TableDefinition(TableDefinition.Kind.FACT, "ticket", "Tickets", "modificationDate", null, columns,
                List.of(new Reference("branchId", "branch", "branch")), Map.of("creationDate", "creation_date_key"), null);
    }

    private static KeyMaps keys() {
        UUID b = UUID.fromString(BRANCH);
        UUID o = UUID.fromString(OTHER_BRANCH);
        return new KeyMaps(Map.of("branch", KeyMap.of(new long[] {o.getMostSignificantBits(), b.getMostSignificantBits()},
                new long[] {o.getLeastSignificantBits(), b.getLeastSignificantBits()}, new int[] {9, 7})));
    }

    @BeforeEach
    void encoder() {
        layout = StagingLayout.main(ticket(), EDM);
        encoder = new StagingRowEncoder(layout, keys(), TASK);
    }

    private List<StagingRowEncoder.Result> encodeAll(StagingRowEncoder enc, StagingLayout lay, String entitiesJson) {
        List<StagingRowEncoder.Result> out = new ArrayList<>();
        try {
            new PageParser(lay.properties()).parse(new ByteArrayInputStream(
                    ("{\"value\":[" + entitiesJson + "]}").getBytes(StandardCharsets.UTF_8)), row -> out.add(enc.encode(row)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private StagingRowEncoder.Result encode(String entityJson) {
        List<StagingRowEncoder.Result> results = encodeAll(encoder, layout, entityJson);
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    /** Column name → value of an encoded row. */
    private Map<String, String> encoded(String entityJson) {
        StagingRowEncoder.Result result = encode(entityJson);
        assertThat(result).isInstanceOf(StagingRowEncoder.Encoded.class);
        String[] values = ((StagingRowEncoder.Encoded) result).values();
        assertThat(values).hasSize(layout.columns().size());
        Map<String, String> byName = new HashMap<>();
        for (int i = 0; i < values.length; i++) {
            byName.put(layout.columns().get(i).name(), values[i]);
        }
        return byName;
    }

    private Reject rejected(String entityJson) {
        StagingRowEncoder.Result result = encode(entityJson);
        assertThat(result).isInstanceOf(StagingRowEncoder.Rejected.class);
        return ((StagingRowEncoder.Rejected) result).reject();
    }

    private static String entity(String... fields) {
        StringBuilder b = new StringBuilder("{\"id\":\"" + ID + "\"");
        for (String f : fields) {
            b.append(',').append(f);
        }
        return b.append('}').toString();
    }

    @Test
    void layoutOfTheHandBuiltTable() {
        assertThat(layout.properties()).containsExactly("id", "name", "flag", "count32", "count64", "amount", "ownerGuid",
                "modificationDate", "branchId", "creationDate");
        assertThat(layout.columns()).extracting(StagingLayout.Column::name).containsExactly("ticket_id", "name", "flag",
                "count32", "count64", "amount", "owner_guid", "modification_date", "branch_id", "branch_key",
                "creation_date_key", "_modified", "_task");
    }

    @Test
    void aFullRowIsConvertedPerEdmType() {
        Map<String, String> v = encoded(entity("\"name\":\"Zürich \\\"HQ\\\"\\t😀\"", "\"flag\":true", "\"count32\":-2147483648",
                "\"count64\":9223372036854775807", "\"amount\":1234.50", "\"ownerGuid\":\"ABCDEF00-1234-5678-9ABC-DEF012345678\"",
                "\"modificationDate\":\"2025-03-09T07:05:03.1234567+01:00\"", "\"branchId\":\"" + BRANCH.toUpperCase() + "\"",
                "\"creationDate\":\"2025-01-01T00:30:00+01:00\"", "\"@odata.etag\":\"W/1\"", "\"unwanted\":[1]"));
        assertThat(v).containsEntry("ticket_id", ID.toLowerCase())
                .containsEntry("name", "Zürich \"HQ\"\t😀")
                .containsEntry("flag", "t")
                .containsEntry("count32", "-2147483648")
                .containsEntry("count64", "9223372036854775807")
                .containsEntry("amount", "1234.50")
                .containsEntry("owner_guid", "abcdef00-1234-5678-9abc-def012345678")
                .containsEntry("modification_date", "2025-03-09 06:05:03.123456+00")
                .containsEntry("branch_id", BRANCH)
                .containsEntry("branch_key", "7")
                .containsEntry("creation_date_key", "20241231")
                .containsEntry("_modified", "2025-03-09 06:05:03.123456+00")
                .containsEntry("_task", "17");
        assertThat(encoder.dangling()).isZero();
    }

    @Test
    void missingAndNullPropertiesAreNullAndKeysZero() {
        Map<String, String> v = encoded(entity("\"name\":null", "\"branchId\":null", "\"creationDate\":null"));
        assertThat(v).containsEntry("ticket_id", ID.toLowerCase())
                .containsEntry("name", null)
                .containsEntry("flag", null)
                .containsEntry("amount", null)
                .containsEntry("modification_date", null)
                .containsEntry("branch_id", null)
                .containsEntry("branch_key", "0")
                .containsEntry("creation_date_key", "0")
                .containsEntry("_modified", null)
                .containsEntry("_task", "17");
        assertThat(encoder.dangling()).isZero();
    }

    @Test
    void unknownReferenceGetsKeyZeroAndIsCountedAsDangling() {
        String unknown = "12345678-1234-1234-1234-123456789abc";
        Map<String, String> v = encoded(entity("\"branchId\":\"" + unknown + "\""));
        assertThat(v).containsEntry("branch_id", unknown).containsEntry("branch_key", "0");
        assertThat(encoder.dangling()).isEqualTo(1);
        assertThat(encoded(entity("\"branchId\":\"" + OTHER_BRANCH + "\""))).containsEntry("branch_key", "9");
        assertThat(encoder.dangling()).isEqualTo(1);
        encoded(entity("\"branchId\":\"" + unknown + "\""));
        encoded(entity("\"branchId\":null"));
        assertThat(encoder.dangling()).isEqualTo(2);
    }

    @Test
    void aRejectedRowDoesNotCountItsDanglingReferences() {
        encode(entity("\"branchId\":\"12345678-1234-1234-1234-123456789abc\"", "\"flag\":\"yes\""));
        assertThat(encoder.dangling()).isZero();
    }

    @ParameterizedTest
    @CsvSource({
        "2025-01-01T00:30:00+01:00,      20241231",
        "2025-01-01T00:00:00Z,           20250101",
        "2024-12-31T23:59:59.9999999Z,   20241231",
        "2024-12-31T23:59:59.9999999z,   20241231",
        "2024-12-31T20:00:00-04:00,      20250101",
        "2024-02-29T12:00Z,              20240229",
        "1999-12-31T23:59:59-00:00,      19991231",
        "2025-07-01T09:15:00+14:00,      20250630",
        "0001-01-01T00:00:00Z,           10101",
    })
    void dateKeysAreUtcDates(String timestamp, String key) {
        assertThat(encoded(entity("\"creationDate\":\"" + timestamp + "\""))).containsEntry("creation_date_key", key);
    }

    @ParameterizedTest
    @CsvSource({
        "2025-03-09T07:05:03Z,                2025-03-09 07:05:03+00",
        "2025-03-09T07:05Z,                   2025-03-09 07:05:00+00",
        "2025-03-09T07:05:03.1Z,              2025-03-09 07:05:03.100000+00",
        "2025-03-09T07:05:03.000001Z,         2025-03-09 07:05:03.000001+00",
        "2025-03-09T07:05:03.0000009Z,        2025-03-09 07:05:03+00",
        "2025-03-09T07:05:03.9999999Z,        2025-03-09 07:05:03.999999+00",
        "2025-03-09T07:05:03.1234567-05:30,   2025-03-09 12:35:03.123456+00",
        "2025-01-01T00:30:00+01:00,           2024-12-31 23:30:00+00",
        "0099-01-01T00:00:00Z,                0099-01-01 00:00:00+00",
        "9999-12-31T23:59:59.999999999Z,      9999-12-31 23:59:59.999999+00",
    })
    void timestampsAreUtcTruncatedToMicroseconds(String timestamp, String expected) {
        assertThat(StagingRowEncoder.convert(timestamp, "Edm.DateTimeOffset")).isEqualTo(expected);
        assertThat(encoded(entity("\"modificationDate\":\"" + timestamp + "\""))).containsEntry("modification_date", expected)
                .containsEntry("_modified", expected);
    }

    @Test
    void conversions() {
        assertThat(StagingRowEncoder.convert(Boolean.TRUE, "Edm.Boolean")).isEqualTo("t");
        assertThat(StagingRowEncoder.convert(Boolean.FALSE, "Edm.Boolean")).isEqualTo("f");
        assertThat(StagingRowEncoder.convert(2147483647L, "Edm.Int32")).isEqualTo("2147483647");
        assertThat(StagingRowEncoder.convert(-2147483648L, "Edm.Int32")).isEqualTo("-2147483648");
        assertThat(StagingRowEncoder.convert(32767L, "Edm.Int16")).isEqualTo("32767");
        assertThat(StagingRowEncoder.convert(255L, "Edm.Byte")).isEqualTo("255");
        assertThat(StagingRowEncoder.convert(-128L, "Edm.SByte")).isEqualTo("-128");
        assertThat(StagingRowEncoder.convert(Long.MIN_VALUE, "Edm.Int64")).isEqualTo("-9223372036854775808");
        // IEEE754Compatible=true: Int64 and Decimal as strings
        assertThat(StagingRowEncoder.convert("9007199254740993", "Edm.Int64")).isEqualTo("9007199254740993");
        assertThat(StagingRowEncoder.convert("-42", "Edm.Int64")).isEqualTo("-42");
        assertThat(StagingRowEncoder.convert("12.345", "Edm.Decimal")).isEqualTo("12.345");
        assertThat(StagingRowEncoder.convert("1E+3", "Edm.Decimal")).isEqualTo("1000");
        // decimals in plain notation, never with an exponent
        assertThat(StagingRowEncoder.convert(new BigDecimal("1E+3"), "Edm.Decimal")).isEqualTo("1000");
        assertThat(StagingRowEncoder.convert(new BigDecimal("1.5E-7"), "Edm.Decimal")).isEqualTo("0.00000015");
        assertThat(StagingRowEncoder.convert(new BigDecimal("1234.50"), "Edm.Decimal")).isEqualTo("1234.50");
        assertThat(StagingRowEncoder.convert(7L, "Edm.Decimal")).isEqualTo("7");
        assertThat(StagingRowEncoder.convert(new BigInteger("123456789012345678901234567890"), "Edm.Decimal"))
                .isEqualTo("123456789012345678901234567890");
        assertThat(StagingRowEncoder.convert(new BigDecimal("1.5"), "Edm.Double")).isEqualTo("1.5");
        assertThat(StagingRowEncoder.convert("2025-02-28", "Edm.Date")).isEqualTo("2025-02-28");
        assertThat(StagingRowEncoder.convert("ABCDEF00-1234-5678-9ABC-DEF012345678", "Edm.Guid"))
                .isEqualTo("abcdef00-1234-5678-9abc-def012345678");
        assertThat(StagingRowEncoder.convert("", "Edm.String")).isEqualTo("");
        assertThat(StagingRowEncoder.convert(null, "Edm.Int32")).isNull();
    }

    @Test
    void jsonNumbersThroughTheParser() {
        Map<String, String> v = encoded(entity("\"count64\":\"9223372036854775807\"", "\"amount\":\"0.10\"", "\"count32\":0",
                "\"flag\":false"));
        assertThat(v).containsEntry("count64", "9223372036854775807").containsEntry("amount", "0.10")
                .containsEntry("count32", "0").containsEntry("flag", "f");
        assertThat(encoded(entity("\"amount\":1e3"))).containsEntry("amount", "1000");
        assertThat(encoded(entity("\"amount\":-0.000001"))).containsEntry("amount", "-0.000001");
        assertThat(encoded(entity("\"amount\":5"))).containsEntry("amount", "5");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // property | JSON value | raw value in the reject | part of the reason
        "name | \"a\\u0000b\" | a\u0000b | NUL",
        "flag | \"true\" | true | Edm.Boolean",
        "flag | 1 | 1 | Edm.Boolean",
        "count32 | 2147483648 | 2147483648 | out of the range of Edm.Int32",
        "count32 | -2147483649 | -2147483649 | out of the range of Edm.Int32",
        "count32 | 1.5 | 1.5 | Edm.Int32",
        "count32 | true | true | Edm.Int32",
        "count32 | \"x\" | x | Edm.Int32",
        "count64 | 9223372036854775808 | 9223372036854775808 | out of the range of Edm.Int64",
        "count64 | \"9223372036854775808\" | 9223372036854775808 | Edm.Int64",
        "count64 | \"12abc\" | 12abc | Edm.Int64",
        "amount | \"abc\" | abc | Edm.Decimal",
        "amount | true | true | Edm.Decimal",
        "ownerGuid | 123 | 123 | expected a JSON string",
        "ownerGuid | true | true | expected a JSON string",
        "ownerGuid | \"6f9619ff-8b86-d011-b42d-00c04fc964f\" | 6f9619ff-8b86-d011-b42d-00c04fc964f | not a GUID",
        "ownerGuid | \"6f9619ff-8b86-d011-b42d-00c04fc964fff\" | 6f9619ff-8b86-d011-b42d-00c04fc964fff | not a GUID",
        "ownerGuid | \"6f9619ff-8b86-d011-b42d-00c04fc964fg\" | 6f9619ff-8b86-d011-b42d-00c04fc964fg | not a GUID",
        "ownerGuid | \"6f9619ff-8b86-d011-b42d-00c04fc9-4ff\" | 6f9619ff-8b86-d011-b42d-00c04fc9-4ff | not a GUID",
        "ownerGuid | \"6f9619ff8b86-d011-b42d-00c04fc964ffaa\" | 6f9619ff8b86-d011-b42d-00c04fc964ffaa | not a GUID",
        "ownerGuid | \"{6f9619ff-8b86-d011-b42d-00c04fc964ff}\" | {6f9619ff-8b86-d011-b42d-00c04fc964ff} | not a GUID",
        "ownerGuid | \"6f9619ff 8b86 d011 b42d 00c04fc964ff\" | 6f9619ff 8b86 d011 b42d 00c04fc964ff | not a GUID",
        "ownerGuid | \"+f9619ff-8b86-d011-b42d-00c04fc964ff\" | +f9619ff-8b86-d011-b42d-00c04fc964ff | not a GUID",
        "ownerGuid | \"\uff16f9619ff-8b86-d011-b42d-00c04fc964ff\" | \uff16f9619ff-8b86-d011-b42d-00c04fc964ff | not a GUID",
        "ownerGuid | \"\" |  | not a GUID",
        "modificationDate | \"2025-02-30T00:00:00Z\" | 2025-02-30T00:00:00Z | 2025-02-30T00:00:00Z",
        "modificationDate | \"2025-01-01\" | 2025-01-01 | 2025-01-01",
        "modificationDate | 1735689600 | 1735689600 | expected a JSON string",
        "creationDate | \"yesterday\" | yesterday | yesterday",
        "branchId | \"not-a-guid\" | not-a-guid | not a GUID",
        "branchId | 42 | 42 | expected a JSON string",
        "name | {\"a\":1} | (a JSON object or array) | JSON object or array",
        "name | [\"a\"] | (a JSON object or array) | JSON object or array",
        "name | 42 | 42 | expected a JSON string",
        "flag | {} | (a JSON object or array) | JSON object or array",
        "branchId | {\"id\":\"x\"} | (a JSON object or array) | JSON object or array",
        "creationDate | [] | (a JSON object or array) | JSON object or array",
    })
    void rejectsSayWhichPropertyWhichValueAndWhy(String property, String json, String raw, String reason) {
        Reject reject = rejected(entity("\"" + property + "\":" + json));
        assertThat(reject.sourceId()).isEqualTo(ID);
        assertThat(reject.property()).isEqualTo(property);
        assertThat(reject.rawValue()).isEqualTo(raw == null ? "" : raw);
        assertThat(reject.reason()).contains(reason);
    }

    @Test
    void aRowWithoutAnIdIsRejected() {
        Reject missing = rejected("{\"name\":\"x\"}");
        assertThat(missing.sourceId()).isNull();
        assertThat(missing.property()).isEqualTo("id");
        assertThat(missing.reason()).isEqualTo("the row has no id");

        Reject nullId = rejected("{\"id\":null,\"name\":\"x\"}");
        assertThat(nullId.property()).isEqualTo("id");
        assertThat(nullId.sourceId()).isNull();

        Reject badId = rejected("{\"id\":\"I 2211 016\",\"name\":\"x\"}");
        assertThat(badId.property()).isEqualTo("id");
        assertThat(badId.sourceId()).isEqualTo("I 2211 016");
        assertThat(badId.rawValue()).isEqualTo("I 2211 016");
        assertThat(badId.reason()).contains("not a GUID");

        Reject nestedId = rejected("{\"id\":{\"value\":\"" + ID + "\"}}");
        assertThat(nestedId.property()).isEqualTo("id");
        assertThat(nestedId.sourceId()).isNull();

        Reject numericId = rejected("{\"id\":12}");
        assertThat(numericId.property()).isEqualTo("id");
    }

    @Test
    void longRawValuesAreShortenedInTheReject() {
        String big = "x".repeat(5_000);
        Reject reject = rejected(entity("\"flag\":\"" + big + "\""));
        assertThat(reject.rawValue()).hasSize(2_000);
    }

    @Test
    void eachRowIsIndependent() {
        List<StagingRowEncoder.Result> results = encodeAll(encoder, layout, String.join(",",
                entity("\"flag\":true", "\"branchId\":\"" + BRANCH + "\""),
                "{\"id\":\"00000000-0000-0000-0000-000000000001\",\"flag\":\"no\"}",
                "{\"id\":\"00000000-0000-0000-0000-000000000002\"}"));
        assertThat(results).hasSize(3);
        assertThat(results.get(0)).isInstanceOf(StagingRowEncoder.Encoded.class);
        assertThat(results.get(1)).isInstanceOfSatisfying(StagingRowEncoder.Rejected.class,
                r -> assertThat(r.reject().sourceId()).isEqualTo("00000000-0000-0000-0000-000000000001"));
        String[] third = ((StagingRowEncoder.Encoded) results.get(2)).values();
        assertThat(third[0]).isEqualTo("00000000-0000-0000-0000-000000000002");
        assertThat(third[layout.columns().indexOf(column("flag"))]).isNull();
        assertThat(third[layout.columns().indexOf(column("branch_key"))]).isEqualTo("0");
    }

    private StagingLayout.Column column(String name) {
        return layout.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void parseGuidGivesTheSameBitsAsUuid() {
        long[] out = new long[2];
        for (String s : List.of(ID, BRANCH, OTHER_BRANCH, "00000000-0000-0000-0000-000000000000",
                "ffffffff-ffff-ffff-ffff-ffffffffffff", "80000000-0000-0000-8000-000000000000")) {
            StagingRowEncoder.parseGuid(s, out);
            UUID u = UUID.fromString(s);
            assertThat(out).as(s).containsExactly(u.getMostSignificantBits(), u.getLeastSignificantBits());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"6f9619ff-8b86-d011-b42d-00c04fc964f\u0660", "\uff10f9619ff-8b86-d011-b42d-00c04fc964ff",
        "6f9619ff-8b86-d011-b42d-00c04fc964f\uff21", "6f9619ff-8b86-d011-b42d-00c04fc964f\u00e9"})
    void nonAsciiLookalikeDigitsAreNotHex(String guid) {
        // Character.digit accepts these; PostgreSQL's uuid input would then fail the whole COPY
        assertThatThrownBy(() -> StagingRowEncoder.parseGuid(guid, new long[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a GUID");
        assertThatThrownBy(() -> StagingRowEncoder.convert(guid, "Edm.Guid")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDefaultIncidentFactEncodes() {
        PipelineDefinition definition = PipelineDefinition.loadDefault();
        TableDefinition incident = definition.tables().stream().filter(t -> t.name().equals("incident")).findFirst().orElseThrow();
        Map<String, String> edm = new HashMap<>();
        for (String p : incident.properties()) {
            edm.put(p, p.equals("id") || p.endsWith("Id") ? "Edm.Guid"
                    : p.endsWith("Date") ? "Edm.DateTimeOffset"
                    : p.equals("completed") || p.equals("closed") || p.equals("majorCall") ? "Edm.Boolean"
                    : p.equals("timeSpent_inSeconds") ? "Edm.Int64"
                    : p.equals("costs") ? "Edm.Decimal" : "Edm.String");
        }
        StagingLayout incidentLayout = StagingLayout.main(incident, edm);
        Map<String, KeyMap> maps = new HashMap<>();
        for (TableDefinition d : definition.dimensions()) {
            maps.put(d.name(), KeyMap.of(new long[0], new long[0], new int[0]));
        }
        UUID caller = UUID.fromString("11111111-2222-3333-4444-555555555555");
        maps.put("person", KeyMap.of(new long[] {caller.getMostSignificantBits()}, new long[] {caller.getLeastSignificantBits()},
                new int[] {42}));
        StagingRowEncoder enc = new StagingRowEncoder(incidentLayout, new KeyMaps(maps), 3);
        List<StagingRowEncoder.Result> results = encodeAll(enc, incidentLayout, "{\"id\":\"" + ID + "\",\"status\":\"firstLine\","
                + "\"callerId\":\"" + caller + "\",\"branchId\":\"" + BRANCH + "\",\"categoryId\":null,"
                + "\"creationDate\":\"2025-01-01T00:30:00+01:00\",\"modificationDate\":\"2025-01-02T10:00:00Z\","
                + "\"closedDate\":null,\"completed\":false,\"timeSpent_inSeconds\":\"3600\",\"costs\":12.5}");
        assertThat(results).hasSize(1).first().isInstanceOf(StagingRowEncoder.Encoded.class);
        String[] values = ((StagingRowEncoder.Encoded) results.get(0)).values();
        Map<String, String> byName = new HashMap<>();
        for (int i = 0; i < values.length; i++) {
            byName.put(incidentLayout.columns().get(i).name(), values[i]);
        }
        assertThat(byName).containsEntry("incident_id", ID.toLowerCase())
                .containsEntry("caller_id", caller.toString())
                .containsEntry("caller_key", "42")
                .containsEntry("branch_key", "0")
                .containsEntry("category_key", "0")
                .containsEntry("category_id", null)
                .containsEntry("creation_date_key", "20241231")
                .containsEntry("closed_date_key", "0")
                .containsEntry("completed", "f")
                .containsEntry("time_spent_seconds", "3600")
                .containsEntry("costs", "12.5")
                .containsEntry("_modified", "2025-01-02 10:00:00+00")
                .containsEntry("_task", "3");
        assertThat(enc.dangling()).isEqualTo(1);
    }

    @Test
    void aReferenceMustBeAGuidAndADateKeyATimestamp() {
        Map<String, String> edm = new HashMap<>(EDM);
        edm.put("branchId", "Edm.String");
        assertThatThrownBy(() -> StagingLayout.main(ticket(), edm)).hasMessageContaining("branchId").hasMessageContaining("Edm.Guid");
        Map<String, String> edm2 = new HashMap<>(EDM);
        edm2.put("creationDate", "Edm.Date");
        assertThatThrownBy(() -> StagingLayout.main(ticket(), edm2)).hasMessageContaining("creationDate")
                .hasMessageContaining("Edm.DateTimeOffset");
    }

    @Test
    void rawRowNestedMarkerIsDistinct() {
        assertThat(RawRow.NESTED.toString()).isEqualTo("(a JSON object or array)");
    }

    @Test
    void unpairedSurrogatesAreRejectedAndShownAsEscapes() {
        for (String json : List.of("\"x\\ud800y\"", "\"\\udc00\"", "\"\\ude00\\ud83d\"", "\"end \\ud83d\"")) {
            Reject reject = rejected(entity("\"name\":" + json));
            assertThat(reject.property()).as(json).isEqualTo("name");
            assertThat(reject.reason()).as(json).contains("unpaired UTF-16 surrogate").contains("rather than loaded with U+FFFD");
            assertThat(StagingRowEncoder.loneSurrogate(reject.rawValue())).as("what reaches etl.rejects is storable").isNegative();
        }
        assertThat(rejected(entity("\"name\":\"x\\ud800y\"")).rawValue()).isEqualTo("x\\ud800y");
        assertThat(encoded(entity("\"name\":\"\\ud83d\\ude00 😀\""))).containsEntry("name", "😀 😀");
    }

    @Test
    void controlCharactersOtherThanNulAreText() {
        StringBuilder all = new StringBuilder();
        StringBuilder json = new StringBuilder("\"");
        for (char c = 1; c < 0x20; c++) {
            all.append(c);
            json.append(String.format("\\u%04x", (int) c));
        }
        all.append("\u007f\u0085\u2028\ufffe\uffff");
        json.append("\u007f\u0085\u2028\ufffe\uffff\"");
        assertThat(encoded(entity("\"name\":" + json))).containsEntry("name", all.toString());
    }

    private StagingRowEncoder limited() {
        return new StagingRowEncoder(layout, keys(), TASK, new ColumnLimits("ticket",
                Map.of("amount", new ColumnLimits.Numeric(18, 2), "count64", new ColumnLimits.Numeric(5, 0)), 19900101, 20501231));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "9999999999999999.99 | 9999999999999999.99",
        "-9999999999999999.99 | -9999999999999999.99",
        "12.3400 | 12.3400",
        "1.5e3 | 1500",
        "0 | 0",
        "0.00000 | 0.00000",
    })
    void numbersThatFitTheColumnPass(String json, String staged) {
        List<StagingRowEncoder.Result> results = encodeAll(limited(), layout, entity("\"amount\":" + json));
        assertThat(results.get(0)).isInstanceOfSatisfying(StagingRowEncoder.Encoded.class,
                e -> assertThat(e.values()[layout.columns().indexOf(column("amount"))]).isEqualTo(staged));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "amount | 12345678901234567.00 | 17 digits before the decimal point",
        "amount | 1e20 | 21 digits before the decimal point",
        "amount | 0.125 | round it to 0.13",
        "amount | -0.001 | 3 decimal places",
        "amount | \"0.125\" | round it to 0.13",
        "count64 | 123456 | numeric(5,0)",
    })
    void numbersTheColumnCannotHoldAsTheyAreAreRejected(String property, String json, String reason) {
        List<StagingRowEncoder.Result> results = encodeAll(limited(), layout, entity("\"" + property + "\":" + json));
        assertThat(results.get(0)).isInstanceOfSatisfying(StagingRowEncoder.Rejected.class, r -> {
            assertThat(r.reject().property()).isEqualTo(property);
            assertThat(r.reject().reason()).contains(reason);
        });
    }

    @Test
    void hugeExponentsAreRejectedWithoutWritingThemOut() {
        assertThat(rejected(entity("\"amount\":1e999999999")).reason()).contains("beyond what PostgreSQL's numeric holds");
        assertThat(rejected(entity("\"amount\":1e-999999999")).reason()).contains("beyond what PostgreSQL's numeric holds");
        assertThatThrownBy(() -> StagingRowEncoder.convert(new BigDecimal("1e400"), "Edm.Double"))
                .hasMessageContaining("out of the range of Edm.Double");
        assertThatThrownBy(() -> StagingRowEncoder.convert(new BigDecimal("1e-400"), "Edm.Double"))
                .hasMessageContaining("out of the range of Edm.Double");
        assertThatThrownBy(() -> StagingRowEncoder.convert(new BigDecimal("1e39"), "Edm.Single"))
                .hasMessageContaining("out of the range of Edm.Single");
        assertThat(StagingRowEncoder.convert(new BigDecimal("1e300"), "Edm.Double")).hasSize(301);
    }

    @Test
    void aDateOutsideTheCalendarDimensionGetsTheUnknownKeyAndIsCountedAsDangling() {
        StagingRowEncoder enc = limited();
        List<StagingRowEncoder.Result> results = encodeAll(enc, layout, String.join(",",
                entity("\"creationDate\":\"0001-01-01T00:00:00Z\""), entity("\"creationDate\":\"2051-01-01T00:00:00Z\""),
                entity("\"creationDate\":\"1990-01-01T00:00:00Z\""), entity("\"creationDate\":\"2050-12-31T23:59:59Z\"")));
        int key = layout.columns().indexOf(column("creation_date_key"));
        assertThat(results).extracting(r -> ((StagingRowEncoder.Encoded) r).values()[key])
                .containsExactly("0", "0", "19900101", "20501231");
        assertThat(enc.dangling()).isEqualTo(2);
    }

    @Test
    void whatTheParserFoundInvalidIsARejectWithItsReason() {
        Reject twice = rejected(entity("\"flag\":true", "\"flag\":false"));
        assertThat(twice.property()).isEqualTo("flag");
        assertThat(twice.rawValue()).isEqualTo("true, then false");
        assertThat(twice.reason()).contains("appears more than once");
        Reject idTwice = rejected("{\"id\":\"" + ID + "\",\"id\":\"" + BRANCH + "\"}");
        assertThat(idTwice.property()).isEqualTo("id");
        assertThat(idTwice.sourceId()).isNull();
        Reject longNumber = rejected(entity("\"count64\":" + "9".repeat(1_001)));
        assertThat(longNumber.reason()).contains("1001 characters");
    }

    @Test
    void wrongTypesSayWhatWasFound() {
        assertThat(rejected(entity("\"flag\":\"true\"")).reason()).isEqualTo("expected a Edm.Boolean value, found the string \"true\"");
        assertThat(rejected(entity("\"count64\":1.5")).reason())
                .isEqualTo("expected a Edm.Int64 value, found the number 1.5 (with a fraction or exponent)");
        assertThat(rejected(entity("\"count64\":\"99999999999999999999\"")).reason())
                .contains("out of the range of Edm.Int64 (-9223372036854775808 to 9223372036854775807)");
        assertThat(rejected(entity("\"ownerGuid\":12345")).reason()).isEqualTo("expected a JSON string, found the number 12345");
    }
}
