package io.tdwarehouse.cli.config;

/**
 * Every setting of the command line, declared once: its key in the YAML config file, its environment variable,
 * its flag, its type, its default and what it means. Precedence: flag > environment > config file > default.
 * Secrets are not settings: they come from {@code TOPDESK_APP_PASSWORD} / {@code WAREHOUSE_PASSWORD} or from the
 * files that the *_FILE settings name, never from a flag's value (the process list is public).
 */
public enum Setting {
    TOPDESK_URL("topdesk.url", "TOPDESK_URL", "--topdesk-url", Type.STRING, null,
            "TOPdesk URL, e.g. https://yourcompany.topdesk.net (the OData path /services/reporting/v2/odata is added)"),
    TOPDESK_USERNAME("topdesk.username", "TOPDESK_USERNAME", "--topdesk-username", Type.STRING, null,
            "login name of the TOPdesk operator account"),
    TOPDESK_APP_PASSWORD_FILE("topdesk.appPasswordFile", "TOPDESK_APP_PASSWORD_FILE", "--topdesk-app-password-file",
            Type.PATH, null, "file holding the application password (else the environment variable TOPDESK_APP_PASSWORD)"),
    TOPDESK_ALLOW_INSECURE_HTTP("topdesk.allowInsecureHttp", "TOPDESK_ALLOW_INSECURE_HTTP", "--allow-insecure-http",
            Type.BOOLEAN, "false", "allow Basic auth over plain http:// to a host that is not loopback"),
    TOPDESK_PAGE_SIZE("topdesk.pageSize", "TOPDESK_PAGE_SIZE", "--page-size", Type.INTEGER, "10000",
            "rows per page to ask for (Prefer: odata.maxpagesize); the server may send fewer"),
    TOPDESK_MAX_ATTEMPTS("topdesk.maxAttempts", "TOPDESK_MAX_ATTEMPTS", "--max-attempts", Type.INTEGER, "6",
            "attempts per request for 429, 5xx and broken transfers, the first included"),
    TOPDESK_READ_TIMEOUT("topdesk.readTimeout", "TOPDESK_READ_TIMEOUT", "--read-timeout", Type.DURATION, "PT2M",
            "longest silence while waiting for or reading a response (ISO-8601 duration)"),
    WAREHOUSE_JDBC_URL("warehouse.jdbcUrl", "WAREHOUSE_JDBC_URL", "--warehouse-jdbc-url", Type.STRING,
            "jdbc:postgresql://localhost:5432/postgres", "PostgreSQL JDBC URL of the warehouse"),
    WAREHOUSE_USERNAME("warehouse.username", "WAREHOUSE_USERNAME", "--warehouse-username", Type.STRING, null,
            "warehouse user (the ETL's own, which owns the schemas)"),
    WAREHOUSE_PASSWORD_FILE("warehouse.passwordFile", "WAREHOUSE_PASSWORD_FILE", "--warehouse-password-file", Type.PATH,
            null, "file holding the warehouse password (else the environment variable WAREHOUSE_PASSWORD)"),
    PIPELINE("run.pipeline", "TOPDESK_WAREHOUSE_PIPELINE", "--pipeline", Type.PATH, null,
            "pipeline definition file (default: pipelines/topdesk-reporting.yaml inside the jar)"),
    OVERLAP("run.overlap", "TOPDESK_WAREHOUSE_OVERLAP", "--overlap", Type.DURATION, "PT5M",
            "incremental reads start this long before the watermark (ISO-8601 duration)"),
    RECONCILE_EVERY_RUNS("run.reconcileEveryRuns", "TOPDESK_WAREHOUSE_RECONCILE_EVERY_RUNS", "--reconcile-every-runs",
            Type.INTEGER, "24", "compare every key with the feed (to find hard deletes) every this many runs; 0: only with --reconcile-deletes"),
    MAX_REJECTED_FRACTION("run.maxRejectedFraction", "TOPDESK_WAREHOUSE_MAX_REJECTED_FRACTION", "--max-rejected-fraction",
            Type.FRACTION, "0.01", "a run fails, changing nothing, when more than this fraction of a set's rows is rejected (0 to 1)");

    /** How a value is read. */
    public enum Type { STRING, PATH, BOOLEAN, INTEGER, DURATION, FRACTION }

    private final String key;
    private final String env;
    private final String flag;
    private final Type type;
    private final String defaultValue;
    private final String description;

    Setting(String key, String env, String flag, Type type, String defaultValue, String description) {
        this.key = key;
        this.env = env;
        this.flag = flag;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String env() {
        return env;
    }

    public String flag() {
        return flag;
    }

    public Type type() {
        return type;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
