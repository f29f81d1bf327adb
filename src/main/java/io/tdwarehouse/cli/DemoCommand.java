package io.tdwarehouse.cli;

import io.tdwarehouse.cli.config.ConfigOptions;
import io.tdwarehouse.cli.config.Setting;
import io.tdwarehouse.definition.PipelineDefinition;
import io.tdwarehouse.run.RunRequest;
import io.tdwarehouse.run.RunSummary;
import io.tdwarehouse.run.WarehouseRun;
import io.tdwarehouse.simulator.http.SimulatorServer;
import io.tdwarehouse.simulator.http.Users;
import io.tdwarehouse.simulator.model.Row;
import io.tdwarehouse.simulator.tenant.TenantData;
import io.tdwarehouse.simulator.tenant.TenantSchema;
import io.tdwarehouse.source.FeedSettings;
import io.tdwarehouse.source.Secret;
import io.tdwarehouse.warehouse.WarehouseSettings;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Shows the whole thing in one go: starts a simulated TOPdesk on loopback, migrates the warehouse, "
                + "runs a full load, changes some data in the simulator (updates, new incidents, a renamed branch, "
                + "late-arriving branches), runs an incremental refresh, and prints the summaries and three example "
                + "queries on the bi views. It writes into the warehouse at WAREHOUSE_JDBC_URL.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:success", "2:usage error", "4:warehouse error"},
        footer = {"%nExamples:", "  topdesk-warehouse demo",
            "  WAREHOUSE_JDBC_URL=jdbc:postgresql://localhost:5432/demo topdesk-warehouse demo --incidents 100000"})
final class DemoCommand implements Callable<Integer> {
    static final Set<Setting> SETTINGS = EnumSet.of(Setting.WAREHOUSE_JDBC_URL, Setting.WAREHOUSE_USERNAME,
            Setting.WAREHOUSE_PASSWORD_FILE);

    static final String[][] QUERIES = {
        {"Incidents per branch (top 5)",
            "SELECT branch_name, count(*) AS incidents FROM bi.incidents GROUP BY branch_name ORDER BY incidents DESC, branch_name LIMIT 5"},
        {"Open incidents by priority",
            "SELECT priority, count(*) AS open_incidents FROM bi.incidents WHERE NOT completed GROUP BY priority ORDER BY priority"},
        {"Average days from creation to closure per category (top 5 by volume)",
            "SELECT category_name, count(*) AS closed, round(avg(extract(epoch FROM closed_date - creation_date) / 86400)::numeric, 1) AS avg_days "
                + "FROM bi.incidents WHERE closed GROUP BY category_name ORDER BY closed DESC LIMIT 5"}};

    @Mixin
    ConfigOptions config;

    @Option(names = "--incidents", defaultValue = "20000", description = "Incidents in the simulated tenant. Default: ${DEFAULT-VALUE}.")
    int incidents;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulated data. Default: ${DEFAULT-VALUE}.")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (incidents < 1 || incidents > 5_000_000) {
            throw new IllegalArgumentException("--incidents must be from 1 to 5000000, was " + incidents);
        }
        PrintWriter out = spec.commandLine().getOut();
        WarehouseSettings warehouse = config.resolve().warehouse();
        // a one-off account: the simulator lives only as long as this command, on loopback
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        TenantData tenant = new TenantData(seed, incidents);
        try (SimulatorServer server = SimulatorServer.start("127.0.0.1", 0, tenant, new Users().add("demo:" + password), false)) {
            out.println("Simulated TOPdesk at " + server.serviceRoot() + " (" + incidents + " incidents)");
            out.println("Warehouse: " + warehouse.redactedUrl());
            FeedSettings feed = FeedSettings.of(server.serviceRoot(), "demo", Secret.of(password));
            RunRequest request = new RunRequest(feed, warehouse, PipelineDefinition.loadDefault(), RunRequest.ALL, Set.of(),
                    RunRequest.DEFAULT_OVERLAP, List.of(), RunRequest.DEFAULT_MAX_REJECTED_FRACTION, RunRequest.Deletes.DEFAULT);

            out.println();
            out.println("1. Full load");
            out.flush();
            RunSummary full = run(request);
            out.print(full.table());

            out.println();
            out.println("2. Changes in TOPdesk: " + change(tenant));
            out.println();
            out.println("3. Incremental refresh");
            out.flush();
            RunSummary incremental = run(request.withFullRefresh(Set.of()));
            out.print(incremental.table());

            out.println();
            out.println("4. Example queries on the bi views (connect any SQL client or BI tool to the warehouse)");
            try (Connection conn = warehouse.connect()) {
                for (String[] q : QUERIES) {
                    out.println();
                    out.println("-- " + q[0]);
                    out.println(q[1] + ";");
                    printQuery(out, conn, q[1]);
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private RunSummary run(RunRequest request) {
        try (ProgressReporter progress = ProgressReporter.forConsole(spec.commandLine().getErr())) {
            return WarehouseRun.execute(request);
        }
    }

    private String change(TenantData tenant) {
        int updated = Math.max(1, incidents / 100);
        int created = Math.max(1, incidents / 200);
        tenant.mutate("Incidents", created, updated, 0);
        tenant.mutate("Changes", 0, Math.max(1, incidents / 1000), 0);
        Row branch = tenant.view(TenantSchema.get("Branches")).row(0);
        String oldName = (String) branch.get("name");
        tenant.rename("Branches", (UUID) branch.get("id"), oldName + " (renamed)");
        tenant.mutate("Branches", 2, 0, 0);
        return updated + " incidents updated, " + created + " created, branch '" + oldName.replaceAll("\\s+", " ")
                + "' renamed, 2 branches that incidents already pointed at became visible";
    }

    static void printQuery(PrintWriter out, Connection conn, String sql) throws Exception {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            List<String[]> rows = new ArrayList<>();
            String[] header = new String[n];
            for (int i = 0; i < n; i++) {
                header[i] = md.getColumnLabel(i + 1);
            }
            rows.add(header);
            while (rs.next()) {
                String[] r = new String[n];
                for (int i = 0; i < n; i++) {
                    String v = rs.getString(i + 1);
                    r[i] = v == null ? "" : v.replaceAll("\\s+", " ");
                }
                rows.add(r);
            }
            int[] width = new int[n];
            for (String[] r : rows) {
                for (int i = 0; i < n; i++) {
                    width[i] = Math.max(width[i], r[i].length());
                }
            }
            for (int k = 0; k < rows.size(); k++) {
                StringBuilder line = new StringBuilder(" ");
                for (int i = 0; i < n; i++) {
                    line.append(String.format("%-" + width[i] + "s", rows.get(k)[i])).append(i < n - 1 ? " | " : "");
                }
                out.println(line);
                if (k == 0) {
                    StringBuilder rule = new StringBuilder("-");
                    for (int i = 0; i < n; i++) {
                        rule.append("-".repeat(width[i])).append(i < n - 1 ? "-+-" : "-");
                    }
                    out.println(rule);
                }
            }
        }
    }
}
