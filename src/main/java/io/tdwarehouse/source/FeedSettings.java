package io.tdwarehouse.source;

import java.io.Serializable;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * How to reach a tenant's Reporting API.
 *
 * @param serviceRoot        the feed's root, e.g. https://acme.topdesk.net/services/reporting/v2/odata
 * @param login              the operator's login name
 * @param password           an application password
 * @param connectTimeout     TCP connect timeout
 * @param readTimeout        longest silence while waiting for or reading a response
 * @param maxAttempts        attempts per request, the first included, for 429, 5xx and I/O failures
 * @param initialBackoff     first retry delay; it doubles per attempt (full jitter), capped at maxBackoff
 * @param maxBackoff         longest delay between attempts (also caps Retry-After)
 * @param pageSize           rows per page to ask for (Prefer: odata.maxpagesize); servers may ignore it
 * @param allowInsecureHttp  allow Basic auth over plain http:// to a host that is not loopback
 */
public record FeedSettings(URI serviceRoot, String login, Secret password, Duration connectTimeout, Duration readTimeout,
                           int maxAttempts, Duration initialBackoff, Duration maxBackoff, int pageSize,
                           boolean allowInsecureHttp) implements Serializable {

    public FeedSettings {
        if (serviceRoot == null || serviceRoot.getHost() == null
                || !("https".equals(serviceRoot.getScheme()) || "http".equals(serviceRoot.getScheme()))) {
            throw new IllegalArgumentException("the TOPdesk URL must be an absolute http(s) URL, e.g. "
                    + "https://yourcompany.topdesk.net");
        }
        if (serviceRoot.getUserInfo() != null || (serviceRoot.getRawAuthority() != null && serviceRoot.getRawAuthority().contains("@"))) {
            throw new IllegalArgumentException("the TOPdesk URL must not contain credentials; use TOPDESK_USERNAME and "
                    + "TOPDESK_APP_PASSWORD or TOPDESK_APP_PASSWORD_FILE");
        }
        if (login == null || login.isBlank()) {
            throw new IllegalArgumentException("a TOPdesk login name is required (TOPDESK_USERNAME)");
        }
        if (password == null || password.reveal().isBlank()) {
            throw new IllegalArgumentException("a TOPdesk application password is required (TOPDESK_APP_PASSWORD or "
                    + "TOPDESK_APP_PASSWORD_FILE)");
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("maxAttempts must be from 1 to 100, was " + maxAttempts);
        }
        if (pageSize < 1 || pageSize > 100_000) {
            throw new IllegalArgumentException("pageSize must be from 1 to 100000, was " + pageSize);
        }
        if ("http".equals(serviceRoot.getScheme()) && !allowInsecureHttp && !isLoopback(serviceRoot.getHost())) {
            throw new IllegalArgumentException("refusing to send the application password over plain http:// to "
                    + serviceRoot.getHost() + "; use https://, or allow it explicitly (--allow-insecure-http)");
        }
    }

    /** Defaults for everything but where and who. */
    public static FeedSettings of(URI serviceRoot, String login, Secret password) {
        return new FeedSettings(serviceRoot, login, password, Duration.ofSeconds(10), Duration.ofSeconds(120), 6,
                Duration.ofMillis(500), Duration.ofSeconds(60), 10_000, false);
    }

    /** The feed root for a TOPdesk URL: the URL itself if it already ends in the OData path, else with it appended. */
    public static URI serviceRootOf(String topdeskUrl) {
        String url = topdeskUrl.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (!url.endsWith("/services/reporting/v2/odata")) {
            url = url + "/services/reporting/v2/odata";
        }
        return URI.create(url);
    }

    public FeedSettings withRetries(int attempts, Duration initial, Duration max) {
        return new FeedSettings(serviceRoot, login, password, connectTimeout, readTimeout, attempts, initial, max, pageSize,
                allowInsecureHttp);
    }

    public FeedSettings withTimeouts(Duration connect, Duration read) {
        return new FeedSettings(serviceRoot, login, password, connect, read, maxAttempts, initialBackoff, maxBackoff,
                pageSize, allowInsecureHttp);
    }

    public FeedSettings withPageSize(int rows) {
        return new FeedSettings(serviceRoot, login, password, connectTimeout, readTimeout, maxAttempts, initialBackoff,
                maxBackoff, rows, allowInsecureHttp);
    }

    public FeedSettings withAllowInsecureHttp(boolean allow) {
        return new FeedSettings(serviceRoot, login, password, connectTimeout, readTimeout, maxAttempts, initialBackoff,
                maxBackoff, pageSize, allow);
    }

    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                return false; // a name: don't resolve it here; only literal loopback addresses count
            }
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
