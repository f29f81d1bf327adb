package io.tdwarehouse.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a TOPdesk Reporting API feed over HTTP: Basic auth sent pre-emptively (no 401 round trip per page),
 * TLS verified against the JVM's trust store (javax.net.ssl.trustStore for a custom one), retries of 429, 5xx and
 * broken transfers with backoff, and paging by following {@code @odata.nextLink}, resolved against the page's
 * own URL (absolute or relative links alike).
 */
public final class ReportingApiClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReportingApiClient.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final FeedSettings settings;
    private final CloseableHttpClient http;
    private final String authorization;
    private final Backoff backoff;
    private final AtomicLong requests = new AtomicLong();

    /** What a page reader does with one page: rows go to the sink; a page retried mid-way is discarded first. */
    public interface PageHandler extends PageParser.RowSink {
        /** The page parsed completely: its rows count. */
        void complete() throws IOException;

        /** The page broke off and will be read again: forget its rows. */
        void discard();
    }

    public ReportingApiClient(FeedSettings settings) {
        this.settings = settings;
        int connect = (int) settings.connectTimeout().toMillis();
        int read = (int) settings.readTimeout().toMillis();
        this.http = HttpClients.custom()
                .useSystemProperties() // proxies and javax.net.ssl.trustStore; hostname and certificate are verified
                .setDefaultRequestConfig(RequestConfig.custom().setConnectTimeout(connect).setSocketTimeout(read)
                        .setConnectionRequestTimeout(connect).setRedirectsEnabled(false).build())
                .setMaxConnTotal(64).setMaxConnPerRoute(64)
                .disableCookieManagement()
                .build();
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (settings.login() + ":" + settings.password().reveal()).getBytes(StandardCharsets.UTF_8));
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
    }

    public FeedSettings settings() {
        return settings;
    }

    /** HTTP requests made so far, retries included. */
    public long requests() {
        return requests.get();
    }

    /** The CSDL of {@code $metadata}, fetched by ourselves (Olingo's own fetch would follow edmx:Reference URLs with our credentials). */
    public byte[] metadata() {
        return execute(URI.create(settings.serviceRoot() + "/$metadata"), "application/xml", in -> in.readAllBytes());
    }

    /**
     * Whether the entity set holds more than one page (with only its key selected): the cheapest question the
     * feed can answer about a set's size, as it offers no $count. One request.
     */
    public boolean spansSeveralPages(String entitySet) {
        PageParser parser = new PageParser(List.of("id"));
        String next = executePage(entitySetUrl(entitySet, List.of("id"), null), parser, new PageHandler() {
            @Override
            public void row(RawRow row) {
            }

            @Override
            public void complete() {
            }

            @Override
            public void discard() {
            }
        });
        return next != null;
    }

    /** The URL of an entity set with query options, each value percent-encoded. */
    public URI entitySetUrl(String entitySet, List<String> select, String filter) {
        StringBuilder url = new StringBuilder(settings.serviceRoot().toString()).append('/').append(entitySet);
        char sep = '?';
        if (select != null && !select.isEmpty()) {
            url.append(sep).append("$select=").append(QueryEncoding.encode(String.join(",", select)));
            sep = '&';
        }
        if (filter != null) {
            url.append(sep).append("$filter=").append(QueryEncoding.encode(filter));
        }
        return URI.create(url.toString());
    }

    /**
     * Reads every page from {@code first} on, following nextLinks, into the handler. A page whose transfer
     * breaks is read again from its start (the handler discards what it had). Returns the number of pages.
     */
    public int readAll(URI first, PageParser parser, PageHandler handler) {
        Set<String> visited = new HashSet<>();
        URI next = first;
        int pages = 0;
        while (next != null) {
            if (!visited.add(next.toString())) {
                throw new FeedException(FeedException.Kind.PROTOCOL, "the feed's nextLink loops back to a page already read: "
                        + next);
            }
            URI page = next;
            String link = executePage(page, parser, handler);
            pages++;
            next = link == null ? null : resolve(page, link);
        }
        return pages;
    }

    /**
     * The next page's URL: a nextLink resolved against the page's own URL as RFC 3986 has it (java.net.URI follows
     * RFC 2396, which gets {@code ?$skiptoken=…} wrong). A link to another scheme, host or port is refused: the
     * credentials go only to the feed they were given for.
     */
    static URI resolve(URI page, String link) {
        if (link == null || link.isBlank()) {
            throw new FeedException(FeedException.Kind.PROTOCOL, "the feed sent an empty nextLink");
        }
        URI next;
        try {
            if (link.startsWith("?")) {
                next = new URI(page.getScheme() + "://" + page.getRawAuthority() + page.getRawPath() + link);
            } else {
                next = page.resolve(new URI(link));
            }
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new FeedException(FeedException.Kind.PROTOCOL, "the feed sent an unusable nextLink: " + link);
        }
        if (!page.getScheme().equalsIgnoreCase(next.getScheme()) || next.getHost() == null
                || !page.getHost().equalsIgnoreCase(next.getHost()) || port(page) != port(next)) {
            throw new FeedException(FeedException.Kind.PROTOCOL, "the feed's nextLink points at another server ("
                    + next.getScheme() + "://" + next.getHost() + "); refusing to send the credentials there");
        }
        return next;
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private String executePage(URI url, PageParser parser, PageHandler handler) {
        return execute(url, "application/json", in -> {
            try {
                String link = parser.parse(in, handler);
                handler.complete();
                return link;
            } catch (IOException | RuntimeException e) {
                handler.discard();
                throw e;
            }
        });
    }

    @FunctionalInterface
    private interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    private <T> T execute(URI url, String accept, BodyReader<T> reader) {
        for (int attempt = 1; ; attempt++) {
            HttpGet get = new HttpGet(url);
            get.setHeader("Authorization", authorization);
            get.setHeader("Accept", accept.equals("application/json") ? "application/json;odata.metadata=minimal" : accept);
            get.setHeader("OData-Version", "4.0");
            get.setHeader("OData-MaxVersion", "4.0");
            get.setHeader("Prefer", "odata.maxpagesize=" + settings.pageSize());
            requests.incrementAndGet();
            String retryAfter = null;
            String failure;
            try (CloseableHttpResponse response = http.execute(get)) {
                int status = response.getStatusLine().getStatusCode();
                HttpEntity entity = response.getEntity();
                if (status == 200) {
                    if (entity == null) {
                        throw new FeedException(FeedException.Kind.PROTOCOL, "empty 200 response from " + url);
                    }
                    try (InputStream in = entity.getContent()) {
                        return reader.read(in);
                    }
                }
                String message = errorMessage(entity);
                if (status == 401) {
                    throw new FeedException(FeedException.Kind.UNAUTHORIZED, "TOPdesk refused the credentials of '"
                            + settings.login() + "' (HTTP 401" + message + "): " + FeedException.PERMISSIONS);
                }
                if (status == 403) {
                    throw new FeedException(FeedException.Kind.FORBIDDEN, "TOPdesk denied '" + settings.login()
                            + "' access to the Reporting API (HTTP 403" + message + "): " + FeedException.PERMISSIONS);
                }
                if (status != 429 && status < 500) {
                    throw new FeedException(FeedException.Kind.REJECTED, "TOPdesk answered HTTP " + status + message
                            + " to " + url);
                }
                Header h = response.getFirstHeader("Retry-After");
                retryAfter = h == null ? null : h.getValue();
                failure = "HTTP " + status + message;
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (attempt >= settings.maxAttempts()) {
                throw new FeedException(FeedException.Kind.UNREACHABLE, "gave up on " + url + " after " + attempt
                        + " attempts; last failure: " + failure);
            }
            Duration delay = backoff.delay(attempt, retryAfter);
            LOG.warn("{} failed ({}); attempt {} of {} in {} ms", url, failure, attempt + 1, settings.maxAttempts(),
                    delay.toMillis());
            sleep(delay);
        }
    }

    private static String errorMessage(HttpEntity entity) {
        if (entity == null) {
            return "";
        }
        try {
            byte[] body = EntityUtils.toByteArray(entity);
            JsonNode error = MAPPER.readTree(body).path("error");
            String message = error.path("message").asText("");
            return message.isEmpty() ? "" : ": " + truncate(message);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String truncate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeedException(FeedException.Kind.UNREACHABLE, "interrupted while waiting to retry");
        }
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException e) {
            LOG.debug("closing the HTTP client", e);
        }
    }
}
