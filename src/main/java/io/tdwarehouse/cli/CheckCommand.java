package io.tdwarehouse.cli;

import io.tdwarehouse.cli.config.Config;
import io.tdwarehouse.cli.config.ConfigOptions;
import io.tdwarehouse.cli.config.Setting;
import io.tdwarehouse.definition.DefinitionException;
import io.tdwarehouse.definition.PipelineDefinition;
import io.tdwarehouse.definition.TableDefinition;
import io.tdwarehouse.run.DefinitionCheck;
import io.tdwarehouse.source.FeedException;
import io.tdwarehouse.source.FeedMetadata;
import io.tdwarehouse.source.FeedSettings;
import io.tdwarehouse.source.ReportingApiClient;
import io.tdwarehouse.source.Secret;
import io.tdwarehouse.warehouse.Migrations;
import io.tdwarehouse.warehouse.WarehouseSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Checks every prerequisite of a run, one line each, without loading anything.",
            "Checks the settings; that TOPdesk is reachable (DNS, TCP, TLS), accepts the login and grants the reporting "
                + "permission; that its $metadata has every entity set and property the pipeline definition needs; and "
                + "that the warehouse is reachable, migrated and has the definition's tables. Each line is 'OK  <what>' or "
                + "'FAIL <what>: <the problem and its fix>' ('SKIP <what>: <why>' when an earlier failure makes a check "
                + "impossible). Exits with the code of the first failure."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:every check passed",
            "1:unexpected failure",
            "2:a setting is missing or invalid (the first failure)",
            "3:TOPdesk unreachable, or it refused the credentials (401) or the permission (403)",
            "4:warehouse unreachable, not migrated, or a database error",
            "7:the pipeline definition does not match the tenant's $metadata or the warehouse"},
        footer = {"%nExamples:",
            "  export TOPDESK_URL=https://yourcompany.topdesk.net TOPDESK_USERNAME=etl-reader",
            "  export TOPDESK_APP_PASSWORD_FILE=/etc/topdesk-warehouse/app-password",
            "  export WAREHOUSE_JDBC_URL=jdbc:postgresql://db:5432/warehouse",
            "  export WAREHOUSE_USERNAME=etl WAREHOUSE_PASSWORD_FILE=/run/secrets/pw",
            "  topdesk-warehouse check",
            "  topdesk-warehouse check --pipeline pipelines/my-tenant.yaml",
            "  java -Djavax.net.ssl.trustStore=/etc/pki/company-ca.jks \\",
            "      -jar topdesk-warehouse.jar check          (TOPdesk behind your own CA)"})
final class CheckCommand implements Callable<Integer> {
    static final Set<Setting> SETTINGS = EnumSet.of(Setting.TOPDESK_URL, Setting.TOPDESK_USERNAME,
            Setting.TOPDESK_APP_PASSWORD_FILE, Setting.TOPDESK_ALLOW_INSECURE_HTTP, Setting.TOPDESK_READ_TIMEOUT,
            Setting.WAREHOUSE_JDBC_URL, Setting.WAREHOUSE_USERNAME, Setting.WAREHOUSE_PASSWORD_FILE, Setting.PIPELINE);
    /** How long to wait for a TCP connection or a TLS handshake: check answers quickly. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Longest wait for $metadata, whatever topdesk.readTimeout says. */
    private static final Duration MAX_READ_TIMEOUT = Duration.ofSeconds(30);
    private static final String TRUST_STORE_FIX = "if the certificate is signed by your organisation's own CA (or TLS is "
            + "inspected by a proxy), give Java a trust store that holds that CA: java -Djavax.net.ssl.trustStore=/path/to/truststore.jks "
            + "-Djavax.net.ssl.trustStorePassword=... -jar topdesk-warehouse.jar ...";

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    private PrintWriter out;
    private int firstFailure = ExitCodes.OK;
    private int passed;
    private int failed;
    private int skipped;

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        Config settings;
        try {
            settings = config.resolve();
        } catch (IllegalArgumentException e) {
            fail(ExitCodes.USAGE, "settings", e.getMessage());
            return finish();
        }
        FeedSettings feed = feedSettings(settings);
        PipelineDefinition definition = definition(settings);
        WarehouseSettings warehouse = warehouseSettings(settings);

        FeedMetadata metadata = checkTopdesk(feed);
        List<TableDefinition> matching = definition == null ? List.of() : checkDefinitionAgainstFeed(definition, metadata);
        checkWarehouse(warehouse, definition, metadata, matching);
        return finish();
    }

    // ----------------------------------------------------------------------------------------------- settings

    private FeedSettings feedSettings(Config settings) {
        String url = present(settings, Setting.TOPDESK_URL, "TOPdesk URL");
        String login = present(settings, Setting.TOPDESK_USERNAME, "TOPdesk login name");
        Secret password = null;
        try {
            password = settings.topdeskPassword();
            Path file = settings.path(Setting.TOPDESK_APP_PASSWORD_FILE);
            ok("TOPdesk application password (" + (file != null ? "from the file " + file + ", " + settings.origin(Setting.TOPDESK_APP_PASSWORD_FILE)
                    : "from the environment variable TOPDESK_APP_PASSWORD") + ")");
        } catch (IllegalArgumentException e) {
            fail(ExitCodes.USAGE, "TOPdesk application password", e.getMessage());
        }
        if (url == null || login == null || password == null) {
            return null;
        }
        try {
            // one attempt and short timeouts: check answers fast; the canonical constructor, so that
            // --allow-insecure-http is honoured before the http:// check runs
            Duration read = settings.duration(Setting.TOPDESK_READ_TIMEOUT);
            return new FeedSettings(FeedSettings.serviceRootOf(url), login, password, CONNECT_TIMEOUT,
                    read.compareTo(MAX_READ_TIMEOUT) > 0 ? MAX_READ_TIMEOUT : read, 1, Duration.ofMillis(100),
                    Duration.ofSeconds(1), 1000, settings.bool(Setting.TOPDESK_ALLOW_INSECURE_HTTP));
        } catch (IllegalArgumentException e) {
            fail(ExitCodes.USAGE, "TOPdesk settings usable", e.getMessage() + " (" + Setting.TOPDESK_URL.key() + " from "
                    + settings.origin(Setting.TOPDESK_URL) + ")");
            return null;
        }
    }

    private String present(Config settings, Setting s, String what) {
        try {
            String v = settings.require(s);
            ok(what + " '" + v + "' (" + settings.origin(s) + ")");
            return v;
        } catch (IllegalArgumentException e) {
            fail(ExitCodes.USAGE, what, e.getMessage());
            return null;
        }
    }

    private PipelineDefinition definition(Config settings) {
        Path file = settings.path(Setting.PIPELINE);
        String source = file == null ? "built in (" + PipelineDefinition.DEFAULT_RESOURCE + ")" : file + ", " + settings.origin(Setting.PIPELINE);
        try {
            PipelineDefinition d = file == null ? PipelineDefinition.loadDefault() : PipelineDefinition.load(file);
            ok("pipeline definition '" + d.name() + "', " + source + ": " + d.dimensions().size() + " dimensions, "
                    + d.facts().size() + " facts");
            return d;
        } catch (IOException e) {
            fail(ExitCodes.USAGE, "pipeline definition", "cannot read " + file + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "): check " + Setting.PIPELINE.flag() + " / " + Setting.PIPELINE.env());
        } catch (DefinitionException e) {
            fail(ExitCodes.DEFINITION, "pipeline definition", e.getMessage());
        }
        return null;
    }

    private WarehouseSettings warehouseSettings(Config settings) {
        try {
            String url = settings.require(Setting.WAREHOUSE_JDBC_URL);
            WarehouseSettings w = new WarehouseSettings(url, settings.string(Setting.WAREHOUSE_USERNAME), settings.warehousePassword());
            ok("warehouse JDBC URL " + w.redactedUrl() + " (" + settings.origin(Setting.WAREHOUSE_JDBC_URL) + ")");
            return w;
        } catch (IllegalArgumentException e) {
            fail(ExitCodes.USAGE, "warehouse settings", e.getMessage());
            return null;
        }
    }

    // ----------------------------------------------------------------------------------------------- TOPdesk

    /** Reachability, credentials, permission and $metadata; the parsed $metadata, or null. */
    private FeedMetadata checkTopdesk(FeedSettings feed) {
        String reachable = "TOPdesk reachable";
        String credentials = "TOPdesk accepts the login";
        String permission = "reporting permission ('Advanced Reporting data access')";
        String readable = "$metadata readable";
        if (feed == null) {
            for (String what : List.of(reachable, credentials, permission, readable)) {
                skip(what, "the TOPdesk settings above are missing or invalid");
            }
            return null;
        }
        URI root = feed.serviceRoot();
        String hostPort = root.getHost() + ":" + port(root);
        reachable = "TOPdesk reachable at " + hostPort;
        credentials = "TOPdesk accepts the login '" + feed.login() + "' and its application password";
        boolean proxied = proxy(root) != null;
        if (proxied) {
            reachable += " (through the proxy " + proxy(root) + ")";
        } else {
            String problem = probe(root);
            if (problem != null) {
                fail(ExitCodes.SOURCE, reachable, problem);
                skip(credentials, "TOPdesk is not reachable");
                skip(permission, "TOPdesk is not reachable");
                skip(readable, "TOPdesk is not reachable");
                return null;
            }
        }
        byte[] csdl;
        try (ReportingApiClient client = new ReportingApiClient(feed)) {
            csdl = client.metadata();
        } catch (FeedException e) {
            switch (e.kind()) {
                case UNAUTHORIZED -> {
                    ok(reachable);
                    fail(ExitCodes.SOURCE, credentials, "TOPdesk answered 401: the login name or the application password is "
                            + "wrong (an application password is made in TOPdesk under the operator's settings; the web password "
                            + "does not work); " + FeedException.PERMISSIONS);
                    skip(permission, "the login was refused");
                    skip(readable, "the login was refused");
                }
                case FORBIDDEN -> {
                    ok(reachable);
                    ok(credentials);
                    fail(ExitCodes.SOURCE, permission, "TOPdesk answered 403: the account '" + feed.login() + "' lacks the "
                            + "permission 'Advanced Reporting data access' (read); ask a TOPdesk administrator to grant it. "
                            + FeedException.PERMISSIONS.substring(0, 1).toUpperCase() + FeedException.PERMISSIONS.substring(1));
                    skip(readable, "the permission is missing");
                }
                case UNREACHABLE -> {
                    fail(ExitCodes.SOURCE, reachable, "the Reporting API at " + root + " does not answer: " + e.getMessage()
                            + (e.getMessage().contains("SSL") ? "; " + TRUST_STORE_FIX : ""));
                    skip(credentials, "TOPdesk did not answer");
                    skip(permission, "TOPdesk did not answer");
                    skip(readable, "TOPdesk did not answer");
                }
                default -> {
                    ok(reachable);
                    skip(credentials, "TOPdesk's answer does not tell");
                    skip(permission, "TOPdesk's answer does not tell");
                    fail(ExitCodes.SOURCE, readable, e.getMessage() + ": check that " + Setting.TOPDESK_URL.key()
                            + " is the address of the TOPdesk tenant, e.g. https://yourcompany.topdesk.net (the path "
                            + "/services/reporting/v2/odata is added)");
                }
            }
            return null;
        }
        ok(reachable);
        ok(credentials);
        ok(permission);
        try {
            FeedMetadata metadata = FeedMetadata.parse(csdl);
            ok(readable + " (" + metadata.entitySets().size() + " entity sets)");
            return metadata;
        } catch (FeedException e) {
            fail(ExitCodes.SOURCE, readable, e.getMessage() + ": " + root + "/$metadata is not an OData v4 service document; check "
                    + Setting.TOPDESK_URL.key());
            return null;
        }
    }

    /** Null when DNS, TCP and (for https) TLS with certificate and host name verification work; else the problem and its fix. */
    static String probe(URI root) {
        String host = root.getHost();
        int port = port(root);
        int timeout = (int) CONNECT_TIMEOUT.toMillis();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return "the host name '" + host + "' cannot be resolved (DNS): check " + Setting.TOPDESK_URL.key()
                    + " for a typo, and this machine's DNS settings";
        }
        IOException last = null;
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), timeout);
                if ("https".equals(root.getScheme())) {
                    SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(socket, host, port, true);
                    SSLParameters params = tls.getSSLParameters();
                    params.setEndpointIdentificationAlgorithm("HTTPS");
                    tls.setSSLParameters(params);
                    tls.setSoTimeout(timeout);
                    tls.startHandshake();
                    socket = tls;
                }
                return null;
            } catch (SSLHandshakeException e) {
                return "the TLS certificate of " + host + " could not be verified (" + rootCause(e) + "); " + TRUST_STORE_FIX;
            } catch (SSLException e) {
                return "TLS with " + host + ":" + port + " failed (" + rootCause(e) + "): is this port https? check "
                        + Setting.TOPDESK_URL.key();
            } catch (IOException e) {
                last = e;
            } finally {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a probe
                }
            }
        }
        String where = host + ":" + port;
        if (last instanceof ConnectException) {
            return "the host " + where + " is unreachable: nothing accepts connections there (" + last.getMessage() + "); check "
                    + Setting.TOPDESK_URL.key() + " (host and port) and that TOPdesk runs there";
        }
        if (last instanceof SocketTimeoutException) {
            return "the host " + where + " is unreachable: no answer within " + CONNECT_TIMEOUT.toSeconds() + " s; a firewall may "
                    + "drop the connection, or this network needs a proxy (java -Dhttps.proxyHost=... -Dhttps.proxyPort=...)";
        }
        if (last instanceof NoRouteToHostException) {
            return "the host " + where + " is unreachable: no route to it (" + last.getMessage() + "); check the network";
        }
        return "the host " + where + " is unreachable: " + last;
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** The proxy the HTTP client will use (the JVM's http(s).proxyHost), or null. */
    private static String proxy(URI root) {
        String host = System.getProperty(root.getScheme() + ".proxyHost");
        return host == null || host.isBlank() ? null : host + ":" + System.getProperty(root.getScheme() + ".proxyPort", "80");
    }

    // ----------------------------------------------------------------------------------------------- definition

    /** Checks the definition against $metadata; returns the tables whose sets and properties are all there. */
    private List<TableDefinition> checkDefinitionAgainstFeed(PipelineDefinition definition, FeedMetadata metadata) {
        String what = "the tenant's $metadata has every entity set and property the pipeline definition needs";
        if (metadata == null) {
            skip(what, "the tenant's $metadata could not be read");
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        List<TableDefinition> matching = new ArrayList<>();
        for (TableDefinition t : definition.tables()) {
            List<String> p = DefinitionCheck.againstFeed(definition.restrictedTo(Set.of(t.entitySet())), metadata);
            if (p.isEmpty()) {
                matching.add(t);
            }
            problems.addAll(p);
        }
        if (problems.isEmpty()) {
            int properties = definition.tables().stream().mapToInt(t -> t.properties().size()
                    + (t.details() == null ? 0 : t.details().columns().size() + 1)).sum();
            ok(what + " (" + definition.tables().size() + " tables, " + properties + " properties)");
        } else {
            fail(ExitCodes.DEFINITION, what, problems, "change the pipeline definition (" + Setting.PIPELINE.flag()
                    + "), or give the account the permissions for the missing sets");
        }
        return matching;
    }

    // ----------------------------------------------------------------------------------------------- warehouse

    private void checkWarehouse(WarehouseSettings warehouse, PipelineDefinition definition, FeedMetadata metadata,
                                List<TableDefinition> matching) {
        String reachable = "warehouse reachable";
        String migrated = "warehouse migrated";
        String tables = "warehouse tables match the pipeline definition";
        if (warehouse == null) {
            skip(reachable, "the warehouse settings above are invalid");
            skip(migrated, "the warehouse settings above are invalid");
            skip(tables, "the warehouse settings above are invalid");
            return;
        }
        reachable = "warehouse reachable at " + warehouse.redactedUrl()
                + (warehouse.username() == null ? "" : " as '" + warehouse.username() + "'");
        try (Connection conn = warehouse.connect()) {
            ok(reachable + " (" + conn.getMetaData().getDatabaseProductName() + " " + conn.getMetaData().getDatabaseProductVersion() + ")");
            int pending;
            try {
                pending = Migrations.pending(warehouse);
            } catch (RuntimeException e) {
                fail(ExitCodes.WAREHOUSE, migrated, "Flyway cannot read the migration history: " + e.getMessage());
                skip(tables, "the schema's state is unknown");
                return;
            }
            if (pending > 0) {
                fail(ExitCodes.WAREHOUSE, migrated, pending + " migration" + (pending == 1 ? " is" : "s are")
                        + " pending (a new warehouse, or one older than this version): run 'topdesk-warehouse migrate'");
                skip(tables, "the warehouse is not migrated");
                return;
            }
            ok(migrated + " (no migration pending)");
            checkTables(conn, tables, definition, metadata, matching);
        } catch (SQLException e) {
            fail(ExitCodes.WAREHOUSE, reachable, String.valueOf(e.getMessage()).strip().replaceAll("\\.$", "") + warehouseFix(e));
            skip(migrated, "the warehouse is not reachable");
            skip(tables, "the warehouse is not reachable");
        }
    }

    private void checkTables(Connection conn, String what, PipelineDefinition definition, FeedMetadata metadata,
                             List<TableDefinition> matching) throws SQLException {
        if (definition == null) {
            skip(what, "the pipeline definition could not be loaded");
            return;
        }
        if (metadata == null) {
            skip(what, "the column types come from the tenant's $metadata, which could not be read");
            return;
        }
        if (matching.isEmpty()) {
            skip(what, "no table of the definition matches the tenant's $metadata");
            return;
        }
        Set<String> sets = new HashSet<>();
        matching.forEach(t -> sets.add(t.entitySet()));
        List<String> problems;
        try {
            problems = DefinitionCheck.againstWarehouse(conn, definition.restrictedTo(sets), metadata);
        } catch (DefinitionException e) {
            problems = List.of(e.getMessage());
        }
        String scope = matching.size() == definition.tables().size() ? "" : matching.size() == 1
                ? " (the 1 table whose entity set matches $metadata)"
                : " (the " + matching.size() + " tables whose entity sets match $metadata)";
        if (problems.isEmpty()) {
            ok(what + scope);
        } else {
            fail(ExitCodes.DEFINITION, what + scope, problems, "a migration in sql/ must create or change these tables and "
                    + "columns, or the pipeline definition must change");
        }
    }

    private static String warehouseFix(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("28")) {
            return ": check " + Setting.WAREHOUSE_USERNAME.key() + " and the password (" + Setting.WAREHOUSE_PASSWORD_FILE.env()
                    + " or WAREHOUSE_PASSWORD)";
        }
        if (state.equals("3D000")) {
            return ": the database does not exist; create it (CREATE DATABASE) or fix " + Setting.WAREHOUSE_JDBC_URL.key();
        }
        if (state.startsWith("08")) {
            return ": check " + Setting.WAREHOUSE_JDBC_URL.key() + " (host, port, database) and that PostgreSQL runs there";
        }
        return "";
    }

    // ----------------------------------------------------------------------------------------------- output

    private void ok(String what) {
        passed++;
        out.println("OK  " + what);
    }

    private void fail(int exitCode, String what, String problem) {
        failed++;
        if (firstFailure == ExitCodes.OK) {
            firstFailure = exitCode;
        }
        out.println("FAIL " + what + ": " + problem);
    }

    private void fail(int exitCode, String what, List<String> problems, String fix) {
        if (problems.size() == 1) {
            fail(exitCode, what, problems.get(0) + "; " + fix);
            return;
        }
        fail(exitCode, what, problems.size() + " problems; " + fix + ":");
        for (String p : problems) {
            out.println("       - " + p);
        }
    }

    private void skip(String what, String why) {
        skipped++;
        out.println("SKIP " + what + ": " + why);
    }

    private int finish() {
        out.println();
        if (failed == 0 && skipped == 0) {
            out.println("all " + passed + " checks passed");
        } else {
            out.println(failed + " of " + (passed + failed + skipped) + " checks failed" + (skipped == 0 ? "" : ", " + skipped
                    + " skipped") + "; exit code " + firstFailure);
        }
        out.flush();
        return firstFailure;
    }
}
