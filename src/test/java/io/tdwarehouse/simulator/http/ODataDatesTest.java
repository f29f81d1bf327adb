package io.tdwarehouse.simulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ODataDatesTest {

    private static OffsetDateTime at(int nanos, ZoneOffset offset) {
        return OffsetDateTime.of(2024, 3, 9, 7, 5, 3, nanos, offset);
    }

    @Test
    void utcIsWrittenAsZ() {
        assertThat(ODataDates.format(at(0, ZoneOffset.UTC))).isEqualTo("2024-03-09T07:05:03Z");
    }

    @Test
    void otherOffsetsAreWrittenAsHoursAndMinutes() {
        assertThat(ODataDates.format(at(0, ZoneOffset.ofHours(1)))).isEqualTo("2024-03-09T07:05:03+01:00");
        assertThat(ODataDates.format(at(0, ZoneOffset.ofHoursMinutes(-5, -30)))).isEqualTo("2024-03-09T07:05:03-05:30");
        assertThat(ODataDates.format(at(0, ZoneOffset.ofHoursMinutes(5, 45)))).isEqualTo("2024-03-09T07:05:03+05:45");
        assertThat(ODataDates.format(at(0, ZoneOffset.ofHours(-12)))).isEqualTo("2024-03-09T07:05:03-12:00");
        assertThat(ODataDates.format(at(0, ZoneOffset.ofHours(14)))).isEqualTo("2024-03-09T07:05:03+14:00");
    }

    @ParameterizedTest
    @CsvSource({
        "0,         2024-03-09T07:05:03Z",
        "100000000, 2024-03-09T07:05:03.1Z",
        "120000000, 2024-03-09T07:05:03.12Z",
        "123000000, 2024-03-09T07:05:03.123Z",
        "123400000, 2024-03-09T07:05:03.1234Z",
        "123456700, 2024-03-09T07:05:03.1234567Z",
        "100,       2024-03-09T07:05:03.0000001Z",
        "1000000,   2024-03-09T07:05:03.001Z",
        "10000000,  2024-03-09T07:05:03.01Z",
        "500000,    2024-03-09T07:05:03.0005Z",
        "999999900, 2024-03-09T07:05:03.9999999Z",
        "102030400, 2024-03-09T07:05:03.1020304Z",
    })
    void fractionIsTrimmedToItsSignificantDigits(int nanos, String expected) {
        assertThat(ODataDates.format(at(nanos, ZoneOffset.UTC))).isEqualTo(expected);
    }

    @Test
    void fractionWithAnOffset() {
        assertThat(ODataDates.format(at(123_000_000, ZoneOffset.ofHours(1)))).isEqualTo("2024-03-09T07:05:03.123+01:00");
    }

    @Test
    void precisionBeyondTicksIsDropped() {
        // Edm.DateTimeOffset has at most 7 fractional digits (100 ns)
        assertThat(ODataDates.format(at(123_456_789, ZoneOffset.UTC))).isEqualTo("2024-03-09T07:05:03.1234567Z");
        assertThat(ODataDates.format(at(99, ZoneOffset.UTC))).isEqualTo("2024-03-09T07:05:03Z");
    }

    @Test
    void yearsBelow1000ArePadded() {
        assertThat(ODataDates.format(OffsetDateTime.of(999, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC)))
                .isEqualTo("0999-12-31T23:59:59Z");
        assertThat(ODataDates.format(OffsetDateTime.of(5, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(1))))
                .isEqualTo("0005-01-02T03:04:05+01:00");
        assertThat(ODataDates.format(OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)))
                .isEqualTo("0001-01-01T00:00:00Z");
    }

    @Test
    void extremesOfTheDay() {
        assertThat(ODataDates.format(OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_900, ZoneOffset.UTC)))
                .isEqualTo("9999-12-31T23:59:59.9999999Z");
        assertThat(ODataDates.format(OffsetDateTime.of(2000, 2, 29, 0, 0, 0, 0, ZoneOffset.UTC)))
                .isEqualTo("2000-02-29T00:00:00Z");
    }

    @Test
    void roundTripsThroughJavaParsing() {
        OffsetDateTime t = OffsetDateTime.of(2019, 11, 30, 22, 1, 2, 300_000, ZoneOffset.ofHoursMinutes(-3, -30));
        String s = ODataDates.format(t);
        assertThat(s).isEqualTo("2019-11-30T22:01:02.0003-03:30");
        assertThat(OffsetDateTime.parse(s)).isEqualTo(t);
    }
}
