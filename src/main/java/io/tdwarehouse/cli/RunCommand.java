package io.tdwarehouse.cli;

import io.tdwarehouse.definition.PipelineDefinition;
import io.tdwarehouse.run.RunRequest;
import io.tdwarehouse.run.RunSummary;
import io.tdwarehouse.run.WarehouseRun;
import java.nio.file.Path;
import java.time.Duration;
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
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--full-refresh", arity = "0..*", paramLabel = "SET",
            description = "Reload these entity sets from scratch (all when none are named).")
    List<String> fullRefresh;

    @Option(names = "--entity-sets", split = ",", paramLabel = "SET", description = "Only these entity sets (comma-separated).")
    List<String> entitySets = new ArrayList<>();

    @Option(names = "--pipeline", paramLabel = "FILE", description = "Pipeline definition (default: the one in the jar, "
            + "pipelines/topdesk-reporting.yaml).")
    Path pipeline;

    @Option(names = "--overlap", defaultValue = "PT5M", paramLabel = "DURATION",
            description = "Incremental reads start this long before the watermark (ISO-8601). Default: ${DEFAULT-VALUE}.")
    Duration overlap;

    @Unmatched
    List<String> beamArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        for (String arg : beamArgs) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        PipelineDefinition definition = pipeline == null ? PipelineDefinition.loadDefault() : PipelineDefinition.load(pipeline);
        Set<String> refresh = fullRefresh == null ? Set.of() : fullRefresh.isEmpty() ? RunRequest.ALL : new HashSet<>(fullRefresh);
        RunRequest request = new RunRequest(connection.feed(System.getenv()), connection.warehouse(System.getenv()),
                definition, refresh, new HashSet<>(entitySets), overlap, beamArgs);
        RunSummary summary = WarehouseRun.execute(request);
        System.out.print(summary.table());
        return ExitCodes.OK;
    }
}
