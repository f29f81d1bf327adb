package io.tdwarehouse.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageParserTest {

    private static final List<String> WANTED = List.of("id", "name", "count");

    /** One row as delivered: values, and which were present. The parser reuses its RawRow, so we copy. */
    private record Row(Object[] values, boolean[] present) {
        Object get(int i) {
            return values[i];
        }
    }

    private static final class Collected {
        final List<Row> rows = new ArrayList<>();
        String nextLink;
    }

    private static Collected parse(List<String> properties, String json) throws IOException {
        PageParser parser = new PageParser(properties);
        Collected c = new Collected();
        c.nextLink = parser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), row -> {
            assertThat(row.size()).isEqualTo(properties.size());
            Object[] values = new Object[row.size()];
            boolean[] present = new boolean[row.size()];
            for (int i = 0; i < row.size(); i++) {
                values[i] = row.get(i);
                present[i] = row.present(i);
            }
            c.rows.add(new Row(values, present));
        });
        return c;
    }

    private static Collected parse(String json) throws IOException {
        return parse(WANTED, json);
    }

    @Test
    void deliversRowsWithOnlyTheWantedPropertiesInTheParsersOrder() throws IOException {
        Collected c = parse("""
                {"@odata.context":"http://h/odata/$metadata#Incidents","value":[
                  {"status":"open","count":3,"id":"a","name":"first","extra":{"deep":[1,2,{"x":null}]}},
                  {"name":"second","id":"b","count":4,"status":"closed"}
                ]}""");

        assertThat(c.nextLink).isNull();
        assertThat(c.rows).hasSize(2);
        assertThat(c.rows.get(0).values()).containsExactly("a", "first", 3L);
        assertThat(c.rows.get(1).values()).containsExactly("b", "second", 4L);
        assertThat(new PageParser(WANTED).properties()).containsExactly("id", "name", "count");
    }

    @Test
    void nextLinkAfterValue() throws IOException {
        Collected c = parse("{\"value\":[{\"id\":\"a\"}],\"@odata.nextLink\":\"http://h/odata/Incidents?$skiptoken=2\"}");
        assertThat(c.nextLink).isEqualTo("http://h/odata/Incidents?$skiptoken=2");
        assertThat(c.rows).hasSize(1);
    }

    @Test
    void nextLinkBeforeValue() throws IOException {
        Collected c = parse("{\"@odata.nextLink\":\"Incidents?$skiptoken=2\",\"value\":[{\"id\":\"a\"},{\"id\":\"b\"}]}");
        assertThat(c.nextLink).isEqualTo("Incidents?$skiptoken=2");
        assertThat(c.rows).extracting(r -> r.get(0)).containsExactly("a", "b");
    }

    @Test
    void noNextLinkOnTheLastPage() throws IOException {
        assertThat(parse("{\"value\":[{\"id\":\"a\"}]}").nextLink).isNull();
    }

    @Test
    void whitespaceAroundColonsAndEverywhereElse() throws IOException {
        // Olingo's iterator looks for the literal "value": and finds 0 rows here
        Collected c = parse(" \r\n{ \"@odata.context\" : \"x\" ,\n\t\"value\" : [ { \"id\" : \"a\" , \"name\"\t:\t\"n\" } ,"
                + "\n { \"id\" :\"b\" } ] , \"@odata.nextLink\" : \"next\" } \n ");
        assertThat(c.rows).hasSize(2);
        assertThat(c.rows.get(0).values()).containsExactly("a", "n", null);
        assertThat(c.rows.get(1).get(0)).isEqualTo("b");
        assertThat(c.nextLink).isEqualTo("next");
    }

    @Test
    void unknownAnnotationsAndPropertiesAreSkipped() throws IOException {
        Collected c = parse("""
                {
                  "@odata.context": "https://h/odata/$metadata#Incidents(id,name)",
                  "@odata.count": 12345,
                  "@odata.deltaLink": "https://h/odata/Incidents?$deltatoken=1",
                  "@custom.annotation": {"a": [1, 2, {"value": [ {"id": "not-a-row"} ]}]},
                  "value": [
                    {
                      "@odata.etag": "W/\\"123\\"",
                      "@odata.id": "Incidents(a)",
                      "@odata.type": "#TOPdesk.Incident",
                      "count@odata.type": "#Int64",
                      "id": "a",
                      "name": "x",
                      "name@odata.mediaEtag": "e",
                      "unknownProperty": [1, [2, [3]]],
                      "count": 1
                    }
                  ]
                }""");
        assertThat(c.rows).hasSize(1);
        assertThat(c.rows.get(0).values()).containsExactly("a", "x", 1L);
        assertThat(c.nextLink).isNull();
    }

    @Test
    void nestedObjectOrArrayInAWantedPropertyIsNested() throws IOException {
        Collected c = parse("{\"value\":[{\"id\":\"a\",\"name\":{\"first\":\"x\",\"more\":[1,2]},\"count\":[1,{\"y\":2}]},"
                + "{\"id\":\"b\",\"name\":[],\"count\":{}}]}");
        assertThat(c.rows).hasSize(2);
        assertThat(c.rows.get(0).get(1)).isSameAs(RawRow.NESTED);
        assertThat(c.rows.get(0).get(2)).isSameAs(RawRow.NESTED);
        assertThat(c.rows.get(1).get(1)).isSameAs(RawRow.NESTED);
        assertThat(c.rows.get(1).get(2)).isSameAs(RawRow.NESTED);
        assertThat(c.rows.get(0).present()).containsExactly(true, true, true);
    }

    @Test
    void jsonNullIsPresentAMissingPropertyIsNot() throws IOException {
        Collected c = parse("{\"value\":[{\"id\":\"a\",\"name\":null},{\"id\":\"b\",\"name\":\"n\",\"count\":2},{\"id\":\"c\"}]}");
        Row first = c.rows.get(0);
        assertThat(first.values()).containsExactly("a", null, null);
        assertThat(first.present()).containsExactly(true, true, false);
        // the row object is reused: a property of the previous entity must not leak into the next
        Row third = c.rows.get(2);
        assertThat(third.values()).containsExactly("c", null, null);
        assertThat(third.present()).containsExactly(true, false, false);
    }

    @Test
    void scalarTypes() throws IOException {
        List<String> props = List.of("s", "t", "f", "small", "neg", "maxLong", "minLong", "big", "bigNeg", "dec", "exp",
                "negDec", "empty");
        Collected c = parse(props, "{\"value\":[{\"s\":\"é 😀 \\\"q\\\" \\u00e9\\n\",\"t\":true,\"f\":false,\"small\":42,"
                + "\"neg\":-7,\"maxLong\":9223372036854775807,\"minLong\":-9223372036854775808,"
                + "\"big\":9223372036854775808,\"bigNeg\":-123456789012345678901234567890,"
                + "\"dec\":1.50,\"exp\":1e3,\"negDec\":-0.000000000000000000001,\"empty\":\"\"}]}");
        Object[] v = c.rows.get(0).values();
        assertThat(v[0]).isEqualTo("é 😀 \"q\" é\n");
        assertThat(v[1]).isEqualTo(Boolean.TRUE);
        assertThat(v[2]).isEqualTo(Boolean.FALSE);
        assertThat(v[3]).isInstanceOf(Long.class).isEqualTo(42L);
        assertThat(v[4]).isInstanceOf(Long.class).isEqualTo(-7L);
        assertThat(v[5]).isInstanceOf(Long.class).isEqualTo(Long.MAX_VALUE);
        assertThat(v[6]).isInstanceOf(Long.class).isEqualTo(Long.MIN_VALUE);
        assertThat(v[7]).isInstanceOf(BigInteger.class).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(v[8]).isInstanceOf(BigInteger.class).isEqualTo(new BigInteger("-123456789012345678901234567890"));
        assertThat(v[9]).isInstanceOf(BigDecimal.class).isEqualTo(new BigDecimal("1.50"));
        assertThat(v[10]).isInstanceOf(BigDecimal.class);
        assertThat((BigDecimal) v[10]).isEqualByComparingTo("1000");
        assertThat(v[11]).isEqualTo(new BigDecimal("-0.000000000000000000001"));
        assertThat(v[12]).isEqualTo("");
    }

    @Test
    void emptyValueHasNoRows() throws IOException {
        Collected c = parse("{\"value\":[]}");
        assertThat(c.rows).isEmpty();
        assertThat(c.nextLink).isNull();
        // a full page may link to an empty last page, and an empty page may still carry a link
        Collected linked = parse("{\"value\" : [ ], \"@odata.nextLink\":\"n\"}");
        assertThat(linked.rows).isEmpty();
        assertThat(linked.nextLink).isEqualTo("n");
    }

    @Test
    void wantedPropertiesAbsentFromEveryRow() throws IOException {
        Collected c = parse(List.of("id", "nowhere"), "{\"value\":[{\"id\":\"a\",\"x\":1}]}");
        assertThat(c.rows.get(0).values()).containsExactly("a", null);
        assertThat(c.rows.get(0).present()).containsExactly(true, false);
    }

    @Test
    void sinkExceptionsPropagate() {
        PageParser parser = new PageParser(WANTED);
        IOException boom = new IOException("sink failed");
        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream("{\"value\":[{\"id\":\"a\"}]}".getBytes(StandardCharsets.UTF_8)),
                row -> {
                    throw boom;
                })).isSameAs(boom);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"value\":[{\"id\":\"a\"",
        "{\"value\":[{\"id\":\"a\"},",
        "{\"value\":[{\"id\":\"a\"}",
        "{\"value\":[{\"id\":\"a\"}]",
        "{\"value\":[{\"id\":\"a\"}],",
        "{\"value\":[{\"id\":\"a\"}],\"@odata.nextLink\":\"http://h/x?$skipt",
        "{\"value\":[{\"id\":\"ab",
        "{\"value\":[{\"id\":\"a\",\"count\":12",
        "{\"value\":[{\"id\":\"a\",\"name\":{\"x\":[1,",
        "{\"value\":[",
        "{\"value\":",
        "{\"val",
        "{",
    })
    void truncatedJsonIsAnIOException(String json) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(IOException.class);
    }

    @Test
    void truncatedJsonDeliversTheCompleteRowsBeforeTheBreak() {
        List<Object> ids = new ArrayList<>();
        PageParser parser = new PageParser(WANTED);
        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(
                "{\"value\":[{\"id\":\"a\"},{\"id\":\"b\"},{\"id\":\"c".getBytes(StandardCharsets.UTF_8)),
                row -> ids.add(row.get(0)))).isInstanceOf(IOException.class);
        assertThat(ids).containsExactly("a", "b");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[{\"id\":\"a\"}]",
        "[]",
        "\"value\"",
        "42",
        "null",
        "{}",
        "{\"@odata.context\":\"x\",\"@odata.nextLink\":\"n\"}",
        "{\"error\":{\"code\":\"500\",\"message\":\"boom\"}}",
        "{\"error\":{\"code\":\"500\",\"message\":\"boom\"},\"value\":[]}",
        "{\"value\":[{\"id\":\"a\"}],\"error\":{\"code\":\"500\",\"message\":\"boom\"}}",
        "{\"value\":{\"id\":\"a\"}}",
        "{\"value\":\"a\"}",
        "{\"value\":null}",
        "{\"value\":[1,2]}",
        "{\"value\":[{\"id\":\"a\"},\"b\"]}",
        "{\"value\":[[{\"id\":\"a\"}]]}",
        "{\"value\":[],\"@odata.nextLink\":42}",
        "{\"value\":[],\"@odata.nextLink\":{\"href\":\"x\"}}",
    })
    void jsonThatIsNotAPageIsAProtocolError(String json) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(FeedException.class,
                        e -> assertThat(e.kind()).isEqualTo(FeedException.Kind.PROTOCOL));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"value\":[]} x",
        "{\"value\":[]}{\"value\":[]}",
        "{\"value\":[]} {}",
        "{\"value\":[]}]",
        "{\"value\":[]}}",
        "{\"value\":[]} 1",
        "{\"value\":[]},",
    })
    void trailingGarbageIsAnIOException(String json) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(FeedException.class);
    }

    @Test
    void syntaxErrorsInsideTheValueAreIOExceptions() {
        for (String json : Arrays.asList(
                "{\"value\":[{\"id\":\"a\" \"name\":\"b\"}]}",
                "{\"value\":[{\"id\":'a'}]}",
                "{\"value\":[{\"id\":tru}]}",
                "{\"value\":[{\"id\":\"a\",}]}")) {
            assertThatThrownBy(() -> parse(json)).as(json).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aLargePageStreams() throws IOException {
        StringBuilder json = new StringBuilder("{\"value\":[");
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"@odata.etag\":\"W/\\\"").append(i).append("\\\"\",\"id\":\"id").append(i)
                    .append("\",\"count\":").append(i).append(",\"name\":\"n\"}");
        }
        json.append("],\"@odata.nextLink\":\"last\"}");
        long[] sum = {0};
        int[] rows = {0};
        String link = new PageParser(WANTED).parse(new ByteArrayInputStream(json.toString().getBytes(StandardCharsets.UTF_8)),
                row -> {
                    rows[0]++;
                    sum[0] += (Long) row.get(2);
                });
        assertThat(rows[0]).isEqualTo(n);
        assertThat(sum[0]).isEqualTo((long) n * (n - 1) / 2);
        assertThat(link).isEqualTo("last");
    }

    @Test
    void aWantedPropertyGivenTwiceIsInvalidWhateverTheValues() throws IOException {
        Collected c = parse("{\"value\":[{\"id\":\"a\",\"name\":\"open\",\"count\":1,\"name\":\"closed\"},"
                + "{\"id\":\"b\",\"name\":\"x\",\"name\":\"x\",\"name\":null},"
                + "{\"id\":\"c\",\"extra\":1,\"extra\":2,\"name\":\"ok\"}]}");
        assertThat(c.rows.get(0).get(1)).isInstanceOfSatisfying(RawRow.Invalid.class, invalid -> {
            assertThat(invalid.raw()).isEqualTo("\"open\", then \"closed\"");
            assertThat(invalid.reason()).contains("name").contains("appears more than once");
            assertThat(invalid.toString()).isEqualTo(invalid.raw());
        });
        assertThat(c.rows.get(0).get(2)).isEqualTo(1L);
        // the same value twice is still two values; a third keeps the first two in the reason
        assertThat(c.rows.get(1).get(1)).isInstanceOfSatisfying(RawRow.Invalid.class,
                invalid -> assertThat(invalid.raw()).isEqualTo("\"x\", then \"x\""));
        // properties nobody asked for may repeat
        assertThat(c.rows.get(2).values()).containsExactly("c", "ok", null);
    }

    @Test
    void aNumberLongerThanAnyTypeHoldsCostsItsValueNotThePage() throws IOException {
        String thousand = "9".repeat(PageParser.MAX_NUMBER_LENGTH);
        String longer = "1" + "0".repeat(1_199);
        Collected c = parse("{\"value\":[{\"id\":\"a\",\"count\":" + longer + "},{\"id\":\"b\",\"count\":" + thousand + "},"
                + "{\"id\":\"c\",\"count\":0." + longer + "},{\"id\":\"d\",\"count\":1e999999999}]}");
        assertThat(c.rows).hasSize(4);
        assertThat(c.rows.get(0).get(2)).isInstanceOfSatisfying(RawRow.Invalid.class, invalid -> {
            assertThat(invalid.raw()).startsWith("1000000000").endsWith("(1200 characters)");
            assertThat(invalid.reason()).contains("1200 characters");
        });
        assertThat(c.rows.get(1).get(2)).isEqualTo(new BigInteger(thousand));
        assertThat(c.rows.get(2).get(2)).isInstanceOf(RawRow.Invalid.class);
        assertThat(c.rows.get(3).get(2)).isEqualTo(new BigDecimal("1e999999999"));
    }

    @Test
    void aStringBeyondTheParsersLimitIsAProtocolErrorNotABrokenTransfer() {
        String huge = "x".repeat(com.fasterxml.jackson.core.StreamReadConstraints.DEFAULT_MAX_STRING_LEN + 1);
        assertThatThrownBy(() -> parse("{\"value\":[{\"id\":\"a\",\"name\":\"" + huge + "\"}]}"))
                .isInstanceOf(FeedException.class)
                .satisfies(e -> assertThat(((FeedException) e).kind()).isEqualTo(FeedException.Kind.PROTOCOL))
                .hasMessageContaining("beyond what the parser reads");
    }
}
