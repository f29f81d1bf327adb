package io.tdwarehouse.simulator.http;

import com.sun.net.httpserver.HttpServer;
import io.tdwarehouse.simulator.tenant.TenantData;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a TOPdesk tenant's Reporting API: an OData v4 server over plain HTTP (the JDK's server), with
 * the modelled tenant's data and, optionally, an admin interface to change data and inject faults.
 */
public final class SimulatorServer implements AutoCloseable {
    static {
        // Without TCP_NODELAY the last small chunk of each page waits for the client's delayed ACK (~40 ms a page).
        // The JDK server reads this property once, when its configuration class loads.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final TenantData data;
    private final Counters counters = new Counters();
    private final FaultInjector faults = new FaultInjector();
    private final RawRows rawRows = new RawRows();
    private final SchemaDrift schemaDrift = new SchemaDrift();

    private SimulatorServer(HttpServer server, ExecutorService executor, TenantData data) {
        this.server = server;
        this.executor = executor;
        this.data = data;
    }

    /**
     * @param bind   address to listen on (loopback unless you mean to expose it)
     * @param port   0 for any free port
     * @param admin  whether to serve the admin interface
     */
    public static SimulatorServer start(String bind, int port, TenantData data, Users users, boolean admin)
            throws IOException {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("at least one user is needed");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 128);
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "simulator-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        SimulatorServer simulator = new SimulatorServer(server, executor, data);
        server.createContext(ODataHandler.ROOT, new ODataHandler(data, users, simulator.counters, simulator.faults,
                simulator.rawRows, simulator.schemaDrift));
        if (admin) {
            server.createContext(AdminHandler.PREFIX, new AdminHandler(data, simulator.counters, simulator.faults,
                    simulator.rawRows));
        }
        server.start();
        return simulator;
    }

    /** The feed's root, e.g. {@code http://127.0.0.1:8089/services/reporting/v2/odata}. */
    public URI serviceRoot() {
        return URI.create("http://" + hostForUrl() + ":" + port() + ODataHandler.ROOT);
    }

    /** The admin interface's root, e.g. {@code http://127.0.0.1:8089/admin}. */
    public URI adminRoot() {
        return URI.create("http://" + hostForUrl() + ":" + port() + AdminHandler.PREFIX);
    }

    private String hostForUrl() {
        String host = server.getAddress().getAddress().getHostAddress();
        if (server.getAddress().getAddress().isAnyLocalAddress()) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public TenantData data() {
        return data;
    }

    public Counters counters() {
        return counters;
    }

    public FaultInjector faults() {
        return faults;
    }

    /** Rows served verbatim as raw JSON (see {@link RawRows}); also at {@code /admin/raw-rows}. */
    public RawRows rawRows() {
        return rawRows;
    }

    /** Changes to the served {@code $metadata} (see {@link SchemaDrift}); in-process only. */
    public SchemaDrift schemaDrift() {
        return schemaDrift;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
