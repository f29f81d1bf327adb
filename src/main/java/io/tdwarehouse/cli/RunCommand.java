package io.tdwarehouse.cli;

import io.tdwarehouse.cli.config.Config;
import io.tdwarehouse.cli.config.ConfigOptions;
import io.tdwarehouse.cli.config.Setting;
import io.tdwarehouse.definition.PipelineDefinition;
import java.util.EnumSet;
import io.tdwarehouse.run.RunRequest;
import io.tdwarehouse.run.RunSummary;
import io.tdwarehouse.run.WarehouseRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Loads the feed into the warehouse: incremental by default (rows changed since the last run),",
            "a full load on the first run. Migrates the warehouse first. Other --options go to Beam",
            "(e.g. --runner=FlinkRunner --parallelism=4)."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:success", "1:unexpected failure", "2:usage error", "3:TOPdesk unreachable or unauthorised",
            "4:warehouse error", "6:another run holds the lock", "7:definition does not match tenant or warehouse"},
        footer = {"%nExamples:",
            "  export TOPDESK_URL=https://yourcompany.topdesk.net TOPDESK_USERNAME=etl-reader",
            "  export TOPDESK_APP_PASSWORD_FILE=/etc/topdesk-warehouse/app-password",
            "  export WAREHOUSE_JDBC_URL=jdbc:postgresql://db:5432/warehouse WAREHOUSE_USERNAME=etl",
            "  topdesk-warehouse run",
            "  topdesk-warehouse run --full-refresh Incidents IncidentDetails",
            "  topdesk-warehouse run --full-refresh            (everything)"})
final class RunCommand implements Callable<Integer> {
    static final Set<Setting> SETTINGS = EnumSet.allOf(Setting.class);

    @Mixin
    ConfigOptions config;

    @Option(names = "--full-refresh", arity = "0..*", paramLabel = "SET",
            description = "Reload these entity sets from scratch (all when none are named).")
    List<String> fullRefresh;

    @Option(names = "--entity-sets", split = ",", paramLabel = "SET", description = "Only these entity sets (comma-separated).")
    List<String> entitySets = new ArrayList<>();

    @Option(names = "--reconcile-deletes", description = "Compare every key with the feed this run, to find rows deleted in TOPdesk.")
    boolean reconcileDeletes;

    @Option(names = "--dry-run", description = "Print the plan (sets, read modes, windows, first requests) and write nothing.")
    boolean dryRun;

    @Unmatched
    List<String> beamArgs = new ArrayList<>();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        for (String arg : beamArgs) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        Config settings = config.resolve();
        Path pipeline = settings.path(Setting.PIPELINE);
        PipelineDefinition definition = pipeline == null ? PipelineDefinition.loadDefault() : PipelineDefinition.load(pipeline);
        Set<String> refresh = fullRefresh == null ? Set.of() : fullRefresh.isEmpty() ? RunRequest.ALL : new HashSet<>(fullRefresh);
        RunRequest request = new RunRequest(settings.feed(), settings.warehouse(), definition, refresh,
                new HashSet<>(entitySets), settings.duration(Setting.OVERLAP), beamArgs,
                settings.fraction(Setting.MAX_REJECTED_FRACTION),
                new RunRequest.Deletes(reconcileDeletes, settings.integer(Setting.RECONCILE_EVERY_RUNS)));
        java.io.PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            printPlan(out, WarehouseRun.dryRun(request));
            return ExitCodes.OK;
        }
        RunSummary summary;
        try (ProgressReporter progress = ProgressReporter.forConsole(spec.commandLine().getErr())) {
            summary = WarehouseRun.execute(request);
        }
        out.print(summary.table());
        out.flush();
        return ExitCodes.OK;
    }

    static void printPlan(java.io.PrintWriter out, WarehouseRun.DryRun dry) {
        out.println("dry run: nothing is written.");
        if (dry.pendingMigrations() > 0) {
            out.println("the warehouse has " + dry.pendingMigrations() + " pending migrations: a real run applies them first "
                    + "and, on a fresh warehouse, loads everything");
        }
        out.printf("%-28s %-22s %-12s %-28s%n", "entity set", "table", "read", "window (modificationDate from)");
        for (io.tdwarehouse.run.TablePlan t : dry.plan().tables()) {
            out.printf("%-28s %-22s %-12s %-28s%n", t.table().entitySet(), "dw." + t.table().table(), t.mode().label(),
                    t.windowFrom() == null ? "-" : t.windowFrom().toString());
            if (t.table().details() != null) {
                out.printf("%-28s %-22s %-12s %-28s%n", t.table().details().entitySet(), "dw." + t.table().table(),
                        t.mode() == io.tdwarehouse.run.TablePlan.Mode.INCREMENTAL ? "by-id" : t.mode().label(), "-");
            }
        }
        out.println("first requests:");
        dry.firstRequests().forEach((set, url) -> out.println("  GET " + url));
        if (!dry.problems().isEmpty()) {
            out.println("problems a real run would stop on:");
            dry.problems().forEach(p -> out.println("  - " + p));
        }
        out.flush();
    }
}
