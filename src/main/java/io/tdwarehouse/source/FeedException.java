package io.tdwarehouse.source;

/** The feed could not be read. {@link #kind()} says why, for the command line's exit code. */
public class FeedException extends RuntimeException {
    public enum Kind {
        /** 401: wrong login name or application password */
        UNAUTHORIZED,
        /** 403: the account lacks a permission */
        FORBIDDEN,
        /** connection refused, DNS, TLS, timeouts, retries exhausted */
        UNREACHABLE,
        /** an answer that is not what an OData v4 service sends */
        PROTOCOL,
        /** a request the service refused (4xx other than 401, 403, 429) */
        REJECTED
    }

    /** What a TOPdesk administrator must grant the account, named in 401 and 403 messages. */
    public static final String PERMISSIONS = "the account needs the TOPdesk permissions 'API access > REST API' (read), "
            + "'Use application passwords' (write) and 'Advanced Reporting data access' (read), and must log in with "
            + "its login name and an application password (not its web password)";

    private final Kind kind;

    public FeedException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public FeedException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
