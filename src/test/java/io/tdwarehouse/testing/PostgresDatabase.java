package io.tdwarehouse.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one way for integration tests ({@code *IT}) to get an isolated PostgreSQL database.
 *
 * <p>Each test class gets its own freshly created database ({@code it_<class>_<random>}), which is
 * dropped again after all its tests ran. Usage:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresDatabase DB = new PostgresDatabase();
 *
 * @Test
 * void works() throws SQLException {
 *     try (Connection c = DB.connection()) { ... }
 *     // or hand DB.jdbcUrl(), DB.username(), DB.password() to Flyway, Beam JdbcIO, the CLI, ...
 * }
 * }</pre>
 *
 * or {@code @ExtendWith(PostgresDatabase.class)} and a {@code PostgresDatabase} parameter on a
 * test method, constructor or lifecycle method.
 *
 * <p>The PostgreSQL server is chosen once per JVM, in this order:
 *
 * <ol>
 *   <li>Docker available: one shared Testcontainers {@code postgres:15-alpine} container;
 *   <li>env {@value #ENV_JDBC_URL} (e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}),
 *       optionally with {@value #ENV_USERNAME} / {@value #ENV_PASSWORD};
 *   <li>{@code jdbc:postgresql://localhost:5432/postgres}, user {@code postgres}.
 * </ol>
 *
 * If no server can be reached the test class fails (it is never skipped) with a message that says
 * how to provide one.
 *
 * <p>{@link #jdbcUrl()} never contains credentials: always use it together with {@link #username()}
 * and {@link #password()} (or simply {@link #connection()}).
 */
public final class PostgresDatabase implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    public static final String ENV_JDBC_URL = "WAREHOUSE_TEST_JDBC_URL";
    public static final String ENV_USERNAME = "WAREHOUSE_TEST_USERNAME";
    public static final String ENV_PASSWORD = "WAREHOUSE_TEST_PASSWORD";

    static final String DOCKER_IMAGE = "postgres:15-alpine";
    static final String DEFAULT_JDBC_URL = "jdbc:postgresql://localhost:5432/postgres";
    static final String DEFAULT_USERNAME = "postgres";

    /** pgjdbc connect/login timeouts in seconds, unless the URL sets its own. */
    private static final String TIMEOUT_SECONDS = "10";
    private static final int MAX_IDENTIFIER_LENGTH = 63;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LOG_PREFIX = "[PostgresDatabase] ";

    /** Per JVM: the server all test classes create their databases in (or why there is none). */
    private static Server sharedServer;
    private static String sharedServerFailure;
    private static PostgreSQLContainer sharedContainer;

    // per test class
    private Server server;
    private String databaseName;
    private String jdbcUrl;
    private String ownerId;

    public PostgresDatabase() {}

    // ---------------------------------------------------------------------------------------------
    // public API

    /** JDBC URL of this test class's own database, without credentials. */
    public String jdbcUrl() {
        requireStarted();
        return jdbcUrl;
    }

    /** User name to connect with (never null). */
    public String username() {
        requireStarted();
        return server.username;
    }

    /** Password to connect with, or {@code null} when none is configured (e.g. trust auth / ~/.pgpass). */
    public String password() {
        requireStarted();
        return server.password;
    }

    /** Name of this test class's own database. */
    public String databaseName() {
        requireStarted();
        return databaseName;
    }

    /** Name of the server's admin database the per-class databases are created from (for tests of this class). */
    String adminDatabaseName() {
        requireStarted();
        return server.admin.database;
    }

    /** A new connection to this test class's own database; the caller closes it. */
    /** The class's database as the ETL's warehouse settings. */
    public io.tdwarehouse.warehouse.WarehouseSettings warehouseSettings() {
        return new io.tdwarehouse.warehouse.WarehouseSettings(jdbcUrl(), username(),
                password() == null ? null : io.tdwarehouse.source.Secret.of(password()));
    }

    public Connection connection() throws SQLException {
        requireStarted();
        return connect(jdbcUrl, server.username, server.password);
    }

    // ---------------------------------------------------------------------------------------------
    // JUnit callbacks

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (ownerId != null) {
            // Already active for an enclosing class (@Nested inherits the extension): share its database.
            return;
        }
        Server s = sharedServer();
        String name = newDatabaseName(context.getRequiredTestClass());
        try (Connection admin = connect(s.adminJdbcUrl, s.username, s.password);
                Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + quoteIdentifier(name));
        }
        this.server = s;
        this.databaseName = name;
        this.jdbcUrl = s.urlForDatabase(name);
        this.ownerId = context.getUniqueId();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (ownerId == null || !ownerId.equals(context.getUniqueId())) {
            return; // not started, or the end of a @Nested class that only borrowed the database
        }
        String name = databaseName;
        Server s = server;
        ownerId = null;
        server = null;
        databaseName = null;
        jdbcUrl = null;
        dropDatabase(s, name);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == PostgresDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return this;
    }

    @Override
    public String toString() {
        return "PostgresDatabase[" + (databaseName == null ? "not started" : databaseName) + "]";
    }

    // ---------------------------------------------------------------------------------------------
    // per-class database

    private void requireStarted() {
        if (ownerId == null) {
            throw new IllegalStateException("PostgresDatabase is not started: register it on a static field "
                    + "(@RegisterExtension static final PostgresDatabase DB = new PostgresDatabase();) or with "
                    + "@ExtendWith(PostgresDatabase.class), and use it only inside the test class's lifecycle");
        }
    }

    static String newDatabaseName(Class<?> testClass) {
        String suffix = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
        String base = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (base.isEmpty()) {
            base = "anonymous";
        }
        int room = MAX_IDENTIFIER_LENGTH - "it_".length() - 1 - suffix.length();
        if (base.length() > room) {
            base = base.substring(0, room);
        }
        return "it_" + base + "_" + suffix;
    }

    private static void dropDatabase(Server s, String name) throws SQLException, InterruptedException {
        try (Connection admin = connect(s.adminJdbcUrl, s.username, s.password)) {
            SQLException last = null;
            for (int attempt = 0; attempt < 50; attempt++) {
                try (PreparedStatement terminate = admin.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                + "WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    terminate.setString(1, name);
                    terminate.executeQuery().close();
                }
                try (Statement st = admin.createStatement()) {
                    st.execute("DROP DATABASE IF EXISTS " + quoteIdentifier(name));
                    return;
                } catch (SQLException e) {
                    if (!"55006".equals(e.getSQLState())) { // object_in_use: a backend is still exiting
                        throw e;
                    }
                    last = e;
                    Thread.sleep(100);
                }
            }
            throw last;
        }
    }

    static String quoteIdentifier(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    static Connection connect(String url, String username, String password) throws SQLException {
        Properties props = new Properties();
        // URL parameters take precedence over these in pgjdbc.
        props.setProperty("connectTimeout", TIMEOUT_SECONDS);
        props.setProperty("loginTimeout", TIMEOUT_SECONDS);
        if (username != null) {
            props.setProperty("user", username);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection(url, props);
    }

    // ---------------------------------------------------------------------------------------------
    // server resolution (once per JVM)

    private static synchronized Server sharedServer() {
        if (sharedServer == null && sharedServerFailure == null) {
            try {
                sharedServer = resolveServer(System.getenv(), PostgresDatabase::isDockerAvailable);
                System.err.println(LOG_PREFIX + "using " + sharedServer.description);
            } catch (NoDatabaseException e) {
                sharedServerFailure = e.getMessage();
            }
        }
        if (sharedServerFailure != null) {
            throw new NoDatabaseException(sharedServerFailure);
        }
        return sharedServer;
    }

    /** Picks the server; package-private so the fallback logic can be tested without touching the JVM state. */
    static Server resolveServer(Map<String, String> env, BooleanSupplier dockerAvailable) {
        List<String> tried = new ArrayList<>();
        if (dockerAvailable.getAsBoolean()) {
            try {
                return startContainer();
            } catch (RuntimeException | LinkageError e) {
                String why = "Docker is available but starting " + DOCKER_IMAGE + " failed: " + e;
                tried.add(why);
                System.err.println(LOG_PREFIX + why + "; trying the next option");
            }
        } else {
            tried.add("Docker: not available");
        }

        String envUrl = blankToNull(env.get(ENV_JDBC_URL));
        Server candidate;
        String source;
        try {
            if (envUrl != null) {
                source = ENV_JDBC_URL + "=" + JdbcUrl.parse(envUrl).withoutCredentials();
                candidate = Server.of(envUrl, blankToNull(env.get(ENV_USERNAME)), env.get(ENV_PASSWORD), source);
            } else {
                source = "default " + DEFAULT_JDBC_URL + " (user " + DEFAULT_USERNAME + ")";
                candidate = Server.of(DEFAULT_JDBC_URL, blankToNull(env.get(ENV_USERNAME)),
                        env.get(ENV_PASSWORD), source);
            }
        } catch (IllegalArgumentException e) {
            tried.add(ENV_JDBC_URL + ": " + e.getMessage());
            throw new NoDatabaseException(howToProvide(tried));
        }

        try (Connection c = connect(candidate.adminJdbcUrl, candidate.username, candidate.password)) {
            c.isValid(5);
            return candidate;
        } catch (SQLException e) {
            tried.add(source + ": cannot connect as user " + candidate.username + ": " + e.getMessage());
            throw new NoDatabaseException(howToProvide(tried));
        }
    }

    static String howToProvide(List<String> tried) {
        StringBuilder sb = new StringBuilder("No PostgreSQL database for integration tests could be reached.\n");
        sb.append("Tried:\n");
        for (String t : tried) {
            sb.append("  - ").append(t).append('\n');
        }
        sb.append("Provide one of:\n")
                .append("  1. start Docker (a postgres:15-alpine container is then started automatically), or\n")
                .append("  2. set ").append(ENV_JDBC_URL)
                .append("=jdbc:postgresql://host:5432/postgres?user=... (optionally ")
                .append(ENV_USERNAME).append(" / ").append(ENV_PASSWORD)
                .append("); the user must be allowed to CREATE DATABASE, or\n")
                .append("  3. start PostgreSQL on localhost:5432 with a user 'postgres' (e.g. `pg_ctlcluster 15 main start`).\n")
                .append("Integration tests are never skipped for lack of a database.");
        return sb.toString();
    }

    /** Guarded Docker check: never throws, and Testcontainers' own check only looks at local config/sockets. */
    static boolean isDockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable t) { // includes NoClassDefFoundError if Testcontainers is absent
            return false;
        }
    }

    private static Server startContainer() {
        if (sharedContainer == null) {
            @SuppressWarnings("resource") // shared for the whole JVM; Ryuk and the shutdown hook stop it
            PostgreSQLContainer container = new PostgreSQLContainer(DOCKER_IMAGE);
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "postgres-database-container-stop"));
            sharedContainer = container;
        }
        PostgreSQLContainer c = sharedContainer;
        return Server.of(c.getJdbcUrl(), c.getUsername(), c.getPassword(),
                "Docker (Testcontainers " + DOCKER_IMAGE + ") at "
                        + JdbcUrl.parse(c.getJdbcUrl()).withoutCredentials());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    // ---------------------------------------------------------------------------------------------
    // value types

    /** A server plus admin database to create per-class databases in. */
    static final class Server {
        final JdbcUrl admin;
        final String adminJdbcUrl;
        final String username;
        final String password;
        final String description;

        private Server(JdbcUrl admin, String username, String password, String description) {
            this.admin = admin;
            this.adminJdbcUrl = admin.withoutCredentials();
            this.username = username;
            this.password = password;
            this.description = description;
        }

        /** Explicit username/password win over {@code user}/{@code password} in the URL. */
        static Server of(String url, String username, String password, String description) {
            JdbcUrl parsed = JdbcUrl.parse(url);
            String user = username != null ? username : parsed.user != null ? parsed.user : DEFAULT_USERNAME;
            String pass = password != null ? password : parsed.password;
            return new Server(parsed, user, pass, description);
        }

        String urlForDatabase(String database) {
            return admin.withDatabase(database).withoutCredentials();
        }
    }

    /** Minimal parser for {@code jdbc:postgresql:[//hosts[/]]database[?params]}. */
    static final class JdbcUrl {
        private static final String PREFIX = "jdbc:postgresql:";

        final String hosts; // "//host:port" or "" for the "jdbc:postgresql:db" form
        final String database;
        final List<String> otherParams; // raw key=value, credentials removed
        final String user;
        final String password;

        private JdbcUrl(String hosts, String database, List<String> otherParams, String user, String password) {
            this.hosts = hosts;
            this.database = database;
            this.otherParams = otherParams;
            this.user = user;
            this.password = password;
        }

        static JdbcUrl parse(String url) {
            if (url == null || !url.startsWith(PREFIX)) {
                throw new IllegalArgumentException("not a PostgreSQL JDBC URL (must start with " + PREFIX + ")");
            }
            String rest = url.substring(PREFIX.length());
            int q = rest.indexOf('?');
            String base = q < 0 ? rest : rest.substring(0, q);
            String query = q < 0 ? "" : rest.substring(q + 1);

            String hosts;
            String database;
            if (base.startsWith("//")) {
                int slash = base.indexOf('/', 2);
                hosts = slash < 0 ? base : base.substring(0, slash);
                database = slash < 0 ? "" : base.substring(slash + 1);
            } else {
                hosts = "";
                database = base;
            }
            if (database.isEmpty()) {
                database = "postgres";
            }

            List<String> others = new ArrayList<>();
            String user = null;
            String password = null;
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (key.equals("user")) {
                    user = value;
                } else if (key.equals("password")) {
                    password = value;
                } else {
                    others.add(pair);
                }
            }
            return new JdbcUrl(hosts, database, List.copyOf(others), user, password);
        }

        JdbcUrl withDatabase(String newDatabase) {
            return new JdbcUrl(hosts, newDatabase, otherParams, user, password);
        }

        String withoutCredentials() {
            StringBuilder sb = new StringBuilder(PREFIX).append(hosts);
            if (!hosts.isEmpty()) {
                sb.append('/');
            }
            sb.append(database);
            if (!otherParams.isEmpty()) {
                sb.append('?').append(String.join("&", otherParams));
            }
            return sb.toString();
        }
    }

    /** Thrown when no PostgreSQL server can be reached; the message tells how to provide one. */
    static final class NoDatabaseException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NoDatabaseException(String message) {
            super(message);
        }
    }
}
