package io.tdwarehouse.cli;

import static io.tdwarehouse.cli.Cli.args;
import static io.tdwarehouse.cli.Cli.execute;
import static io.tdwarehouse.cli.Cli.topdesk;
import static org.assertj.core.api.Assertions.assertThat;

import io.tdwarehouse.definition.PipelineDefinition;
import io.tdwarehouse.definition.Reference;
import io.tdwarehouse.definition.TableDefinition;
import io.tdwarehouse.run.DefinitionCheck;
import io.tdwarehouse.simulator.http.SimulatorServer;
import io.tdwarehouse.simulator.http.Users;
import io.tdwarehouse.simulator.tenant.TenantData;
import io.tdwarehouse.source.FeedMetadata;
import io.tdwarehouse.source.FeedSettings;
import io.tdwarehouse.source.ReportingApiClient;
import io.tdwarehouse.source.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code topdesk-warehouse discover}: the tenant's sets and properties, and a starting definition that loads. */
class DiscoverCommandIT {
    @TempDir
    static Path dir;
    private static SimulatorServer server;

    @BeforeAll
    static void start() throws Exception {
        server = SimulatorServer.start("127.0.0.1", 0, new TenantData(17, 50), Users.defaults(), false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Cli.Result discover(String... extra) {
        List<String> args = args("discover", topdesk(server.serviceRoot().toString(), "reporting", "reporting", dir));
        args.addAll(List.of(extra));
        return execute(args);
    }

    @Test
    void listsEveryEntitySetWithItsPropertiesAndTheirEdmTypes() {
        Cli.Result r = discover();
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith(io.tdwarehouse.simulator.tenant.TenantSchema.entitySets().size() + " entity sets in the $metadata of " + server.serviceRoot());
        assertThat(r.line("Incidents (")).contains("properties").contains("a fact, dw.fact_incident");
        assertThat(r.line("Branches (")).contains("a dimension, dw.dim_branch");
        assertThat(r.line("IncidentDetails (")).contains("details of dw.fact_incident");
        assertThat(r.out()).containsPattern("\n  modificationDate +Edm\\.DateTimeOffset\n")
                .containsPattern("\n  callerId +Edm\\.Guid\n").containsPattern("\n  costs +Edm\\.Decimal\n");
    }

    @Test
    void setShowsOneEntitySet() {
        Cli.Result r = discover("--set", "Incidents");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("Incidents (").doesNotContain("Branches (")
                .containsPattern("\n  modificationDate +Edm\\.DateTimeOffset\n").containsPattern("\n  id +Edm\\.Guid\n");

        Cli.Result unknown = discover("--set", "incidents");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("no entity set 'incidents'").contains("did you mean Incidents?");
    }

    @Test
    void writeDefinitionWritesAStartingPointThatLoadsAndMatchesTheTenant() throws Exception {
        Path file = dir.resolve("discovered/my-tenant.yaml");
        Cli.Result r = discover("--write-definition", file.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("wrote " + file + ": ").contains("review it").contains("topdesk-warehouse check --pipeline " + file);
        assertThat(r.line("Incidents ")).contains("fact").contains("dw.fact_incident");
        assertThat(r.line("IncidentDetails ")).contains("details").contains("dw.fact_incident");

        String yaml = Files.readString(file);
        assertThat(yaml).startsWith("# A STARTING POINT, NOT A FINISHED PIPELINE DEFINITION: review it before use.")
                .contains("# Written by 'topdesk-warehouse discover' from the $metadata of " + server.serviceRoot())
                .contains("callerId: caller_id   # no dimension's entity set matches 'caller' by name");
        PipelineDefinition definition = PipelineDefinition.load(file);
        assertThat(definition.name()).isEqualTo("my-tenant");
        assertThat(definition.dimensions()).extracting(TableDefinition::entitySet)
                .contains("Branches", "Categories", "Operators", "OperatorGroups", "IncidentPriorities", "ChangeProcessingStatuses", "Persons");
        assertThat(definition.facts()).extracting(TableDefinition::entitySet).containsExactly("Incidents", "Changes", "ChangeActivities");

        TableDefinition incident = definition.tableOf("Incidents");
        assertThat(incident.table()).isEqualTo("fact_incident");
        assertThat(incident.incremental()).isEqualTo("modificationDate");
        assertThat(incident.details().entitySet()).isEqualTo("IncidentDetails");
        assertThat(incident.details().columns()).containsEntry("briefDescription", "brief_description");
        assertThat(incident.columns()).containsEntry("modificationDate", "modification_date")
                .containsEntry("timeSpent_inSeconds", "time_spent_in_seconds").containsEntry("callerId", "caller_id");
        assertThat(incident.references().stream().collect(Collectors.toMap(Reference::property, r2 -> r2.dimension() + " as " + r2.prefix())))
                .containsEntry("branchId", "branch as branch")
                .containsEntry("priorityId", "incident_priority as priority")
                .containsEntry("processingStatusId", "incident_processing_status as processing_status")
                .containsEntry("operatorGroupId", "operator_group as operator_group")
                .doesNotContainKey("callerId").doesNotContainKey("mainIncidentId");
        TableDefinition activity = definition.tableOf("ChangeActivities");
        assertThat(activity.references()).extracting(Reference::property, Reference::dimension)
                .contains(org.assertj.core.groups.Tuple.tuple("processingStatusId", "change_processing_status"));
        assertThat(definition.tableOf("Departments").isIncremental()).isFalse();

        // and every set and property it names is in the tenant's $metadata, with types the warehouse loads
        try (ReportingApiClient client = new ReportingApiClient(FeedSettings.of(server.serviceRoot(), "reporting", Secret.of("reporting")))) {
            assertThat(DefinitionCheck.againstFeed(definition, FeedMetadata.parse(client.metadata()))).isEmpty();
        }

        Cli.Result again = discover("--write-definition", file.toString());
        assertThat(again.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains(file + " exists").contains("--force");
        assertThat(discover("--write-definition", file.toString(), "--force").exit()).isZero();
    }

    @Test
    void aRefusedLoginExitsWith3() {
        List<String> args = args("discover", topdesk(server.serviceRoot().toString(), "noreporting", "noreporting", dir));
        Cli.Result r = execute(args);
        assertThat(r.exit()).isEqualTo(ExitCodes.SOURCE);
        assertThat(r.err()).contains("403").contains("Advanced Reporting data access");
    }
}
