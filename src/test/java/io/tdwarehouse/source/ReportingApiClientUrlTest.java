package io.tdwarehouse.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReportingApiClientUrlTest {

    private static final URI PAGE = URI.create(
            "https://acme.topdesk.net/services/reporting/v2/odata/Incidents?$select=id,name&$filter=x%20eq%201");

    private ReportingApiClient client;

    @BeforeEach
    void client() {
        client = new ReportingApiClient(FeedSettings.of(URI.create("http://127.0.0.1:1/services/reporting/v2/odata"), "u",
                Secret.of("p")));
    }

    @AfterEach
    void close() {
        client.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // absolute
        "https://acme.topdesk.net/services/reporting/v2/odata/Incidents?$skiptoken=x"
            + " | https://acme.topdesk.net/services/reporting/v2/odata/Incidents?$skiptoken=x",
        "https://acme.topdesk.net/services/reporting/v2/odata/Incidents?$select=id,name&$skiptoken='a%20b'"
            + " | https://acme.topdesk.net/services/reporting/v2/odata/Incidents?$select=id,name&$skiptoken='a%20b'",
        // relative to the page's directory
        "Incidents?$skiptoken=x | https://acme.topdesk.net/services/reporting/v2/odata/Incidents?$skiptoken=x",
        "Incidents?$select=id&$skiptoken=5%2C6 | https://acme.topdesk.net/services/reporting/v2/odata/Incidents?$select=id&$skiptoken=5%2C6",
        "./Incidents?$skiptoken=x | https://acme.topdesk.net/services/reporting/v2/odata/Incidents?$skiptoken=x",
        // absolute path
        "/services/reporting/v2/odata/Incidents?$skiptoken=x | https://acme.topdesk.net/services/reporting/v2/odata/Incidents?$skiptoken=x",
        // dot segments
        "../odata/Incidents?$skiptoken=x | https://acme.topdesk.net/services/reporting/v2/odata/Incidents?$skiptoken=x",
        "../../v2/odata/Incidents?$skiptoken=x | https://acme.topdesk.net/services/reporting/v2/odata/Incidents?$skiptoken=x",
    })
    void resolvesNextLinksAgainstThePageUrl(String link, String expected) {
        assertThat(ReportingApiClient.resolve(PAGE, link)).isEqualTo(URI.create(expected));
    }

    @Test
    void queryOnlyAndEmptyLinksFollowRfc3986() {
        // RFC 3986 5.2.2: a reference that is only a query keeps the base path
        assertThat(ReportingApiClient.resolve(PAGE, "?$skiptoken=x")).isEqualTo(URI.create(
                "https://acme.topdesk.net/services/reporting/v2/odata/Incidents?$skiptoken=x"));
        // an empty nextLink would make the reader fetch the service document (whose value[] parses as entities)
        assertThatThrownBy(() -> ReportingApiClient.resolve(PAGE, ""))
                .isInstanceOfSatisfying(FeedException.class,
                        e -> assertThat(e.kind()).isEqualTo(FeedException.Kind.PROTOCOL));
    }

    @Test
    void relativeLinkOnAPageWithAPort() {
        URI page = URI.create("http://127.0.0.1:8080/services/reporting/v2/odata/Incidents");
        assertThat(ReportingApiClient.resolve(page, "Incidents?$skiptoken=1000").toString())
                .isEqualTo("http://127.0.0.1:8080/services/reporting/v2/odata/Incidents?$skiptoken=1000");
        assertThat(ReportingApiClient.resolve(page, "/services/reporting/v2/odata/Incidents?$skiptoken=1000").toString())
                .isEqualTo("http://127.0.0.1:8080/services/reporting/v2/odata/Incidents?$skiptoken=1000");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://exa mple.com/odata/Incidents",
        "Incidents?$skiptoken=a b",
        "Incidents?$skiptoken=%zz",
        "Incidents?$filter=name eq 'x'",
        "http://[bad/Incidents",
        "Incidents?$skiptoken={x}",
        "Incidents?$skiptoken=\"x\"",
        "Incidents|x",
    })
    void garbageLinksAreProtocolErrors(String link) {
        assertThatThrownBy(() -> ReportingApiClient.resolve(PAGE, link))
                .isInstanceOfSatisfying(FeedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FeedException.Kind.PROTOCOL);
                    assertThat(e.getMessage()).contains(link);
                });
    }

    @Test
    void entitySetUrlWithoutOptions() {
        assertThat(client.entitySetUrl("Incidents", null, null).toString())
                .isEqualTo("http://127.0.0.1:1/services/reporting/v2/odata/Incidents");
        assertThat(client.entitySetUrl("Incidents", List.of(), null).toString())
                .isEqualTo("http://127.0.0.1:1/services/reporting/v2/odata/Incidents");
    }

    @Test
    void entitySetUrlWithSelectOnly() {
        assertThat(client.entitySetUrl("Incidents", List.of("id", "name", "timeSpent_inSeconds"), null).toString())
                .isEqualTo("http://127.0.0.1:1/services/reporting/v2/odata/Incidents?$select=id,name,timeSpent_inSeconds");
    }

    @Test
    void entitySetUrlWithFilterOnly() {
        assertThat(client.entitySetUrl("Incidents", null, "completed eq true").toString())
                .isEqualTo("http://127.0.0.1:1/services/reporting/v2/odata/Incidents?$filter=completed%20eq%20true");
    }

    @Test
    void entitySetUrlEncodesSpacesPlusAndKeepsQuotes() {
        URI url = client.entitySetUrl("Incidents", List.of("id", "modificationDate"),
                "modificationDate ge 2025-01-01T00:00:00+01:00 and (name eq 'O''Brien' or id eq null)");
        assertThat(url.toString()).isEqualTo("http://127.0.0.1:1/services/reporting/v2/odata/Incidents"
                + "?$select=id,modificationDate"
                + "&$filter=modificationDate%20ge%202025-01-01T00:00:00%2B01:00%20and%20(name%20eq%20'O''Brien'%20or%20id%20eq%20null)");
        assertThat(url.getRawQuery()).doesNotContain(" ", "+");
        // decoding gives back exactly the filter
        assertThat(url.getQuery()).isEqualTo("$select=id,modificationDate"
                + "&$filter=modificationDate ge 2025-01-01T00:00:00+01:00 and (name eq 'O''Brien' or id eq null)");
    }

    @Test
    void entitySetUrlEncodesQueryDelimitersAndNonAscii() {
        URI url = client.entitySetUrl("Branches", null, "name eq 'A&B=C#D?E/F%G' or name eq 'Zürich 😀'");
        assertThat(url.getRawQuery()).isEqualTo("$filter=name%20eq%20'A%26B%3DC%23D%3FE%2FF%25G'%20or%20name%20eq%20"
                + "'Z%C3%BCrich%20%F0%9F%98%80'");
        assertThat(url.getRawFragment()).isNull();
        assertThat(url.getQuery()).isEqualTo("$filter=name eq 'A&B=C#D?E/F%G' or name eq 'Zürich 😀'");
    }

    @Test
    void queryEncodingKeepsUnreservedAndODataPunctuation() {
        assertThat(QueryEncoding.encode("aZ09-._~,$():'")).isEqualTo("aZ09-._~,$():'");
        assertThat(QueryEncoding.encode(" +\"\\")).isEqualTo("%20%2B%22%5C");
        assertThat(QueryEncoding.encode("é")).isEqualTo("%C3%A9");
    }
}
