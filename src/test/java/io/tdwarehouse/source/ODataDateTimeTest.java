package io.tdwarehouse.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ODataDateTimeTest {

    @ParameterizedTest
    @CsvSource({
        "2025-03-09T07:05:03Z,              2025-03-09T07:05:03Z",
        "2025-03-09T07:05:03.1Z,            2025-03-09T07:05:03.100Z",
        "2025-03-09T07:05:03.12Z,           2025-03-09T07:05:03.120Z",
        "2025-03-09T07:05:03.123Z,          2025-03-09T07:05:03.123Z",
        "2025-03-09T07:05:03.1234Z,         2025-03-09T07:05:03.123400Z",
        "2025-03-09T07:05:03.12345Z,        2025-03-09T07:05:03.123450Z",
        "2025-03-09T07:05:03.123456Z,       2025-03-09T07:05:03.123456Z",
        "2025-03-09T07:05:03.1234567Z,      2025-03-09T07:05:03.123456700Z",
        "2025-03-09T07:05:03.0000001Z,      2025-03-09T07:05:03.000000100Z",
        "2025-03-09T07:05:03.0000000Z,      2025-03-09T07:05:03Z",
        "2025-03-09T07:05:03.12345678Z,     2025-03-09T07:05:03.123456780Z",
        "2025-03-09T07:05:03.123456789Z,    2025-03-09T07:05:03.123456789Z",
        // beyond nanoseconds the extra digits are dropped (truncated, never rounded up)
        "2025-03-09T07:05:03.1234567899Z,   2025-03-09T07:05:03.123456789Z",
        "2025-03-09T07:05:03.999999999999Z, 2025-03-09T07:05:03.999999999Z",
    })
    void fractionalDigits(String text, String expected) {
        assertThat(ODataDateTime.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({
        "2025-03-09T07:05:03z,          2025-03-09T07:05:03Z",
        "2025-03-09t07:05:03Z,          2025-03-09T07:05:03Z",
        "2025-03-09T07:05:03+00:00,     2025-03-09T07:05:03Z",
        "2025-03-09T07:05:03-00:00,     2025-03-09T07:05:03Z",
        "2025-03-09T07:05:03+01:00,     2025-03-09T06:05:03Z",
        "2025-03-09T07:05:03-05:30,     2025-03-09T12:35:03Z",
        "2025-03-09T07:05:03+14:00,     2025-03-08T17:05:03Z",
        "2025-03-09T07:05:03-12:00,     2025-03-09T19:05:03Z",
        "2025-03-09T07:05:03.5+05:45,   2025-03-09T01:20:03.5Z",
        "2025-01-01T00:30:00+01:00,     2024-12-31T23:30:00Z",
        // seconds may be omitted
        "2025-03-09T07:05Z,             2025-03-09T07:05:00Z",
        "2025-03-09T07:05+02:00,        2025-03-09T05:05:00Z",
        // edges of the calendar
        "2024-02-29T23:59:59.9999999Z,  2024-02-29T23:59:59.999999900Z",
        "0001-01-01T00:00:00Z,          0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z,          9999-12-31T23:59:59Z",
    })
    void offsets(String text, String expected) {
        assertThat(ODataDateTime.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void equalInstantsInDifferentOffsetsAreEqual() {
        Instant utc = ODataDateTime.parse("2024-12-31T23:30:00Z");
        assertThat(ODataDateTime.parse("2025-01-01T00:30:00+01:00")).isEqualTo(utc);
        assertThat(ODataDateTime.parse("2024-12-31T18:30:00-05:00")).isEqualTo(utc);
        assertThat(ODataDateTime.parse("2025-01-01T05:00:00.0000000+05:30")).isEqualTo(utc);
        assertThat(ODataDateTime.parse("2024-12-31T23:30z")).isEqualTo(utc);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2025-02-30T00:00:00Z",
        "2023-02-29T00:00:00Z",
        "2025-04-31T00:00:00Z",
        "2025-13-01T00:00:00Z",
        "2025-00-10T00:00:00Z",
        "2025-01-00T00:00:00Z",
        "2025-01-01T24:00:00Z",
        "2025-01-01T00:60:00Z",
        "2025-01-01T00:00:60Z",
    })
    void invalidDatesAndTimes(String text) {
        assertThatThrownBy(() -> ODataDateTime.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "2025",
        "2025-01-01",
        "2025-01-01T",
        "2025-01-01T00",
        "2025-01-01T00:00",
        "2025-01-01T00:00:00",
        "2025-01-01T00:00:00.123",
        "2025-01-01T00:00Z+",
        "2025-01-01T00:00:00ZZ",
        "2025-01-01T00:00:00Z ",
        " 2025-01-01T00:00:00Z",
        "2025-01-01T00:00:00.Z",
        "2025-01-01T00:00:00.1234567890123Z",
        "2025-01-01T00:00:00,5Z",
        "2025-01-01T00:00:0Z",
        "2025-01-01T00:00:Z",
        "2025-01-01T0:00:00Z",
        "2025-1-01T00:00:00Z",
        "25-01-01T00:00:00Z",
        "+2025-01-01T00:00:00Z",
        "2025-01-01 00:00:00Z",
        "2025/01/01T00:00:00Z",
        "2025-01-01T00-00-00Z",
        "2025-01-01T00:00:00+01",
        "2025-01-01T00:00:00+0100",
        "2025-01-01T00:00:00+1:00",
        "2025-01-01T00:00:00+01:0",
        "2025-01-01T00:00:00+01:00Z",
        "2025-01-01T00:00:00+15:00",
        "2025-01-01T00:00:00+01:60",
        "2025-01-01T00:00:00\u221201:00",
        "2025-01-01T00:00:00GMT",
        "2025-01-01T00:00:00UTC",
        "2025-0a-01T00:00:00Z",
        "abcd-ef-ghTij:kl:mnZ",
        "2025-01-01T00:00:00.12a4Z",
        "2025-01-01T00:00:00.-1Z",
        "2025-01-01T00:0a:00Z",
        "2025-01-01T00:00:00+0a:00",
        "2025-01-01T00:00:00Z\n",
        "2025-01-01T00:00:00 Z",
    })
    void malformed(String text) {
        assertThatThrownBy(() -> ODataDateTime.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void longGarbageIsQuotedShortened() {
        String garbage = "x".repeat(500);
        assertThatThrownBy(() -> ODataDateTime.parse(garbage))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + "x".repeat(64) + "…'")
                .hasMessageNotContaining("x".repeat(65));
    }

    @Test

    void nonAsciiDigitsInTheFractionAreRejected() {
        for (String text : new String[] {"2025-01-01T00:00:00.\u0663Z", "2025-01-01T00:00:00.\uFF11Z"}) {
            assertThatThrownBy(() -> ODataDateTime.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
