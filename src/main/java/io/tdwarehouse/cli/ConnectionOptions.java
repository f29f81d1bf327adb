package io.tdwarehouse.cli;

import io.tdwarehouse.source.FeedSettings;
import io.tdwarehouse.source.Secret;
import io.tdwarehouse.warehouse.WarehouseSettings;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the feed and the warehouse are, and who to be there. Options default to the environment. */
final class ConnectionOptions {
    @Option(names = "--topdesk-url", defaultValue = "${env:TOPDESK_URL}", paramLabel = "URL",
            description = "TOPdesk URL, e.g. https://yourcompany.topdesk.net (the OData path is added). Env: TOPDESK_URL.")
    String topdeskUrl;

    @Option(names = "--topdesk-username", defaultValue = "${env:TOPDESK_USERNAME}", paramLabel = "LOGIN",
            description = "Operator login name. Env: TOPDESK_USERNAME.")
    String topdeskUsername;

    @Option(names = "--topdesk-app-password-file", paramLabel = "FILE",
            description = "File holding the application password. Env: TOPDESK_APP_PASSWORD_FILE, or the password itself in TOPDESK_APP_PASSWORD.")
    Path topdeskPasswordFile;

    @Option(names = "--allow-insecure-http", description = "Allow Basic auth over plain http:// to a host that is not loopback.")
    boolean allowInsecureHttp;

    @Option(names = "--warehouse-jdbc-url", defaultValue = "${env:WAREHOUSE_JDBC_URL:-jdbc:postgresql://localhost:5432/postgres}",
            paramLabel = "URL", description = "PostgreSQL JDBC URL of the warehouse. Env: WAREHOUSE_JDBC_URL. Default: ${DEFAULT-VALUE}.")
    String warehouseJdbcUrl;

    @Option(names = "--warehouse-username", defaultValue = "${env:WAREHOUSE_USERNAME}", paramLabel = "USER",
            description = "Warehouse user. Env: WAREHOUSE_USERNAME.")
    String warehouseUsername;

    @Option(names = "--warehouse-password-file", paramLabel = "FILE",
            description = "File holding the warehouse password. Env: WAREHOUSE_PASSWORD_FILE, or the password itself in WAREHOUSE_PASSWORD.")
    Path warehousePasswordFile;

    FeedSettings feed(Map<String, String> env) {
        if (topdeskUrl == null || topdeskUrl.isBlank()) {
            throw new IllegalArgumentException("the TOPdesk URL is not set: --topdesk-url or TOPDESK_URL");
        }
        Secret password = Secrets.resolve(env, "TOPDESK_APP_PASSWORD", topdeskPasswordFile);
        return FeedSettings.of(FeedSettings.serviceRootOf(topdeskUrl), topdeskUsername, password)
                .withAllowInsecureHttp(allowInsecureHttp);
    }

    WarehouseSettings warehouse(Map<String, String> env) {
        return new WarehouseSettings(warehouseJdbcUrl, warehouseUsername, Secrets.resolve(env, "WAREHOUSE_PASSWORD", warehousePasswordFile));
    }
}
