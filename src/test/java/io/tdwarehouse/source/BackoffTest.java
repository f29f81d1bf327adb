package io.tdwarehouse.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackoffTest {

    private static final Duration INITIAL = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(10);
    private final Backoff backoff = new Backoff(INITIAL, MAX);

    private static String httpDate(ZonedDateTime t) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(t.withZoneSameInstant(ZoneOffset.UTC));
    }

    @Test
    void retryAfterSecondsIsHonoured() {
        assertThat(backoff.delay(1, "5")).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.delay(6, "1")).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(1, " 7 ")).isEqualTo(Duration.ofSeconds(7));
        assertThat(backoff.delay(3, "0")).isEqualTo(Duration.ZERO);
        assertThat(backoff.delay(1, "10")).isEqualTo(MAX);
    }

    @Test
    void retryAfterIsCappedAtMax() {
        assertThat(backoff.delay(1, "11")).isEqualTo(MAX);
        assertThat(backoff.delay(1, "3600")).isEqualTo(MAX);
        assertThat(backoff.delay(1, Long.toString(Long.MAX_VALUE))).isEqualTo(MAX);
    }

    @Test
    void retryAfterAsAnHttpDate() {
        Duration d = backoff.delay(1, httpDate(ZonedDateTime.now().plusSeconds(6)));
        // the HTTP date has whole seconds, so up to one second is lost, plus the time the test takes
        assertThat(d).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(6));
        assertThat(Backoff.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
    }

    @Test
    void anHttpDateInThePastMeansNow() {
        assertThat(backoff.delay(2, httpDate(ZonedDateTime.now().minusHours(1)))).isEqualTo(Duration.ZERO);
    }

    @Test
    void anHttpDateFarAheadIsCapped() {
        assertThat(backoff.delay(1, httpDate(ZonedDateTime.now().plusDays(2)))).isEqualTo(MAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "soon", "-5", "1.5", "5s", "0x10", "99999999999999999999", "Wed, 32 Oct 2015 07:28:00 GMT",
        "2015-10-21T07:28:00Z"})
    void unreadableRetryAfterFallsBackToExponential(String value) {
        assertThat(Backoff.retryAfter(value)).isNull();
        for (int i = 0; i < 50; i++) {
            assertThat(backoff.delay(1, value)).isBetween(Duration.ofMillis(50), INITIAL);
            assertThat(backoff.delay(3, value)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        }
    }

    @Test
    void absentRetryAfter() {
        assertThat(Backoff.retryAfter(null)).isNull();
        assertThat(backoff.delay(1, null)).isBetween(Duration.ofMillis(50), INITIAL);
    }

    @Test
    void exponentialGrowthWithFullJitterBoundedByMax() {
        for (int attempt = 1; attempt <= 40; attempt++) {
            long ceiling = Math.min(MAX.toMillis(), INITIAL.toMillis() << Math.min(attempt - 1, 20));
            long min = Long.MAX_VALUE;
            long max = 0;
            for (int i = 0; i < 200; i++) {
                long d = backoff.delay(attempt, null).toMillis();
                min = Math.min(min, d);
                max = Math.max(max, d);
            }
            assertThat(min).as("attempt %d", attempt).isGreaterThanOrEqualTo(ceiling / 2);
            assertThat(max).as("attempt %d", attempt).isLessThanOrEqualTo(ceiling).isLessThanOrEqualTo(MAX.toMillis());
        }
        // the exact ceilings: 100, 200, 400, 800, ... 6400, then 10 s
        assertThat(backoff.delay(4, null).toMillis()).isBetween(400L, 800L);
        assertThat(backoff.delay(8, null).toMillis()).isBetween(5_000L, 10_000L);
        assertThat(backoff.delay(1_000, null).toMillis()).isBetween(5_000L, 10_000L);
    }

    @Test
    void delaysAreNeverNegative() {
        Backoff zero = new Backoff(Duration.ZERO, Duration.ZERO);
        Backoff tiny = new Backoff(Duration.ofMillis(1), Duration.ofMillis(1));
        Backoff huge = new Backoff(Duration.ofHours(1), Duration.ofDays(365));
        for (int attempt = 1; attempt <= 64; attempt++) {
            assertThat(zero.delay(attempt, null)).isEqualTo(Duration.ZERO);
            assertThat(tiny.delay(attempt, null)).isBetween(Duration.ZERO, Duration.ofMillis(1));
            assertThat(huge.delay(attempt, null)).isBetween(Duration.ZERO, Duration.ofDays(365));
            assertThat(backoff.delay(attempt, "-1")).isBetween(Duration.ZERO, MAX);
        }
        assertThat(zero.delay(1, "30")).isEqualTo(Duration.ZERO);
    }
}
