package io.tdwarehouse.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeedSettingsTest {

    private static final String PASSWORD = "Sup3r-S3cret-AppPw";

    private static FeedSettings settings(String url, boolean allowInsecureHttp) {
        return new FeedSettings(URI.create(url), "operator", Secret.of(PASSWORD), Duration.ofSeconds(1),
                Duration.ofSeconds(2), 3, Duration.ofMillis(10), Duration.ofSeconds(1), 100, allowInsecureHttp);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://acme.topdesk.net/services/reporting/v2/odata",
        "http://10.0.0.5:8080/services/reporting/v2/odata",
        "http://192.168.1.1/services/reporting/v2/odata",
        "http://localhost.evil.example/services/reporting/v2/odata",
        "http://127.0.0.1.nip.io/services/reporting/v2/odata",
        "http://[2001:db8::1]/services/reporting/v2/odata",
        "http://0.0.0.0/services/reporting/v2/odata",
    })
    void refusesPlainHttpToANonLoopbackHost(String url) {
        assertThatThrownBy(() -> settings(url, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refusing")
                .hasMessageContaining(URI.create(url).getHost())
                .hasMessageContaining("--allow-insecure-http");
        assertThatThrownBy(() -> FeedSettings.of(URI.create(url), "operator", Secret.of(PASSWORD)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(settings(url, true).allowInsecureHttp()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://acme.topdesk.net/services/reporting/v2/odata",
        "https://10.0.0.5:8443/services/reporting/v2/odata",
        "http://127.0.0.1/services/reporting/v2/odata",
        "http://127.0.0.1:8080/services/reporting/v2/odata",
        "http://127.1.2.3:8080/services/reporting/v2/odata",
        "http://localhost:8080/services/reporting/v2/odata",
        "http://LOCALHOST/services/reporting/v2/odata",
        "http://[::1]:8080/services/reporting/v2/odata",
        "http://[0:0:0:0:0:0:0:1]/services/reporting/v2/odata",
    })
    void acceptsHttpsAndLoopbackHttp(String url) {
        FeedSettings s = settings(url, false);
        assertThat(s.serviceRoot()).isEqualTo(URI.create(url));
        assertThat(FeedSettings.of(URI.create(url), "operator", Secret.of(PASSWORD)).serviceRoot()).isEqualTo(URI.create(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://operator:" + PASSWORD + "@acme.topdesk.net/services/reporting/v2/odata",
        "https://operator@acme.topdesk.net/services/reporting/v2/odata",
        "http://operator:" + PASSWORD + "@127.0.0.1:8080/services/reporting/v2/odata",
    })
    void refusesCredentialsInTheUrl(String url) {
        assertThatThrownBy(() -> settings(url, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not contain credentials")
                .hasMessageContaining("TOPDESK_USERNAME")
                .hasMessageNotContaining(PASSWORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://acme.topdesk.net/x", "acme.topdesk.net/services", "/services/reporting/v2/odata",
        "file:///etc/passwd", "https:///services/reporting/v2/odata"})
    void refusesWhatIsNotAnAbsoluteHttpUrl(String url) {
        assertThatThrownBy(() -> settings(url, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absolute http(s) URL");
        assertThatThrownBy(() -> new FeedSettings(null, "operator", Secret.of(PASSWORD), Duration.ofSeconds(1),
                Duration.ofSeconds(2), 3, Duration.ofMillis(10), Duration.ofSeconds(1), 100, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n"})
    void blankLoginIsRejected(String login) {
        assertThatThrownBy(() -> FeedSettings.of(URI.create("https://acme.topdesk.net/x"), login, Secret.of(PASSWORD)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TOPDESK_USERNAME");
    }

    @Test
    void nullLoginIsRejected() {
        assertThatThrownBy(() -> FeedSettings.of(URI.create("https://acme.topdesk.net/x"), null, Secret.of(PASSWORD)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TOPDESK_USERNAME");
    }

    @Test
    void emptyOrNullPasswordIsRejected() {
        assertThatThrownBy(() -> FeedSettings.of(URI.create("https://acme.topdesk.net/x"), "operator", Secret.of("")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TOPDESK_APP_PASSWORD");
        assertThatThrownBy(() -> FeedSettings.of(URI.create("https://acme.topdesk.net/x"), "operator", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TOPDESK_APP_PASSWORD");
        assertThatThrownBy(() -> Secret.of(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void attemptsAndPageSizeAreBounded() {
        FeedSettings s = settings("https://acme.topdesk.net/x", false);
        assertThatThrownBy(() -> s.withRetries(0, Duration.ZERO, Duration.ZERO)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> s.withRetries(101, Duration.ZERO, Duration.ZERO)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> s.withPageSize(0)).hasMessageContaining("pageSize");
        assertThatThrownBy(() -> s.withPageSize(100_001)).hasMessageContaining("pageSize");
        assertThat(s.withRetries(1, Duration.ZERO, Duration.ZERO).maxAttempts()).isEqualTo(1);
        assertThat(s.withPageSize(100_000).pageSize()).isEqualTo(100_000);
    }

    @Test
    void withersKeepTheOtherSettings() {
        FeedSettings s = settings("http://acme.topdesk.net/x", true);
        FeedSettings t = s.withPageSize(7).withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(4))
                .withRetries(9, Duration.ofMillis(5), Duration.ofSeconds(6));
        assertThat(t).isEqualTo(new FeedSettings(URI.create("http://acme.topdesk.net/x"), "operator", Secret.of(PASSWORD),
                Duration.ofSeconds(3), Duration.ofSeconds(4), 9, Duration.ofMillis(5), Duration.ofSeconds(6), 7, true));
        assertThatThrownBy(() -> t.withAllowInsecureHttp(false)).hasMessageContaining("refusing");
    }

    @Test
    void serviceRootOfAppendsTheODataPath() {
        URI expected = URI.create("https://x.topdesk.net/services/reporting/v2/odata");
        assertThat(FeedSettings.serviceRootOf("https://x.topdesk.net/")).isEqualTo(expected);
        assertThat(FeedSettings.serviceRootOf("https://x.topdesk.net")).isEqualTo(expected);
        assertThat(FeedSettings.serviceRootOf("  https://x.topdesk.net//  ")).isEqualTo(expected);
        assertThat(FeedSettings.serviceRootOf("https://x.topdesk.net/services/reporting/v2/odata")).isEqualTo(expected);
        assertThat(FeedSettings.serviceRootOf("https://x.topdesk.net/services/reporting/v2/odata/")).isEqualTo(expected);
        assertThat(FeedSettings.serviceRootOf(FeedSettings.serviceRootOf("https://x.topdesk.net/").toString()))
                .isEqualTo(expected);
        assertThat(FeedSettings.serviceRootOf("http://127.0.0.1:8080"))
                .isEqualTo(URI.create("http://127.0.0.1:8080/services/reporting/v2/odata"));
    }

    @Test
    void secretNeverShowsItself() {
        Secret secret = Secret.of(PASSWORD);
        assertThat(secret.toString()).isEqualTo("****");
        assertThat(String.valueOf(secret)).isEqualTo("****");
        assertThat(secret.reveal()).isEqualTo(PASSWORD);
        assertThat(secret).isEqualTo(Secret.of(PASSWORD)).isNotEqualTo(Secret.of("other"));
        assertThat(secret.hashCode()).isEqualTo(Secret.of(PASSWORD).hashCode());
        assertThat(secret.isEmpty()).isFalse();
        assertThat(Secret.of("").isEmpty()).isTrue();

        FeedSettings s = FeedSettings.of(URI.create("https://acme.topdesk.net/services/reporting/v2/odata"), "operator", secret);
        assertThat(s.toString()).contains("****").contains("operator").doesNotContain(PASSWORD);
        assertThat(s.password().reveal()).isEqualTo(PASSWORD);
    }
}
