package io.tdwarehouse.cli;

import io.tdwarehouse.simulator.http.SimulatorServer;
import io.tdwarehouse.simulator.http.Users;
import io.tdwarehouse.simulator.tenant.TenantData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Serves a simulated TOPdesk Reporting API (OData v4) with a generated tenant, for tests,",
            "benchmarks and demos. The feed is at http://HOST:PORT/services/reporting/v2/odata.",
            "Without --user or --users-file it knows two accounts: reporting/reporting (with the reporting",
            "permission) and noreporting/noreporting (without it: 403). For testing only: these are not secrets."},
        footer = {"%nExamples:",
            "  topdesk-warehouse simulate --port 8089 --incidents 100000 --admin",
            "  curl -u reporting:reporting http://127.0.0.1:8089/services/reporting/v2/odata/Incidents",
            "  curl -X POST -d '{\"entitySet\":\"Incidents\",\"update\":100}' http://127.0.0.1:8089/admin/mutations"})
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8089", description = "TCP port (0: any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--incidents", defaultValue = "10000",
            description = "Incidents in the tenant; other sets scale with it. Default: ${DEFAULT-VALUE}.")
    int incidents;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the generated data. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--admin", description = "Serve the admin interface at /admin (mutations, faults, counters).")
    boolean admin;

    @Option(names = "--user", paramLabel = "LOGIN:PASSWORD[:no-reporting]",
            description = "An account (repeatable). Test credentials only: a real secret never belongs on a command line.")
    List<String> userSpecs = new ArrayList<>();

    @Option(names = "--users-file", paramLabel = "FILE", description = "A file of accounts, one LOGIN:PASSWORD[:no-reporting] a line.")
    Path usersFile;

    @Override
    public Integer call() throws Exception {
        if (incidents < 0) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--incidents must be >= 0, was " + incidents);
        }
        Users users = new Users();
        for (String spec : userSpecs) {
            users.add(spec);
        }
        if (usersFile != null) {
            users.addFile(usersFile);
        }
        if (users.isEmpty()) {
            users = Users.defaults();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (SimulatorServer server = SimulatorServer.start(bind, port, new TenantData(seed, incidents), users, admin)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "simulator-stop"));
            System.out.println("Simulated TOPdesk Reporting API at " + server.serviceRoot());
            System.out.println("  tenant: seed " + seed + ", " + incidents + " incidents; accounts: "
                    + String.join(", ", users.logins()));
            if (admin) {
                System.out.println("  admin interface at " + server.adminRoot());
            }
            System.out.println("Press Ctrl+C to stop.");
            System.out.flush();
            stopped.await();
        }
        return 0;
    }
}
