package io.tdwarehouse.reliability;

import static io.tdwarehouse.reliability.HostileDataIT.count;
import static io.tdwarehouse.reliability.HostileDataIT.string;
import static io.tdwarehouse.reliability.HostileDataIT.warehouse;
import static io.tdwarehouse.reliability.HostileDataIT.watermarks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tdwarehouse.definition.DefinitionException;
import io.tdwarehouse.run.RunRequest;
import io.tdwarehouse.run.RunSummary;
import io.tdwarehouse.run.WarehouseRun;
import io.tdwarehouse.simulator.http.SchemaDrift;
import io.tdwarehouse.simulator.http.SimulatorServer;
import io.tdwarehouse.simulator.http.Users;
import io.tdwarehouse.simulator.tenant.TenantData;
import io.tdwarehouse.source.FeedMetadata;
import io.tdwarehouse.source.FeedSettings;
import io.tdwarehouse.source.ReportingApiClient;
import io.tdwarehouse.source.Secret;
import io.tdwarehouse.testing.PostgresDatabase;
import io.tdwarehouse.testing.WarehouseTruth;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tenant's $metadata changes under a running warehouse (a TOPdesk upgrade, a permission taken away): what it
 * gains is ignored, while a property or set the definition uses that disappears, or changes to a type its column
 * cannot hold, stops the run before anything is read, with a DefinitionException naming it, and changes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchemaDriftIT {
    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();
    private static final int INCIDENTS = 400;
    private static SimulatorServer server;
    private static TenantData tenant;
    private static RunRequest request;

    @BeforeAll
    static void start() throws Exception {
        tenant = new TenantData(5, INCIDENTS);
        server = SimulatorServer.start("127.0.0.1", 0, tenant, Users.defaults(), true);
        FeedSettings feed = FeedSettings.of(server.serviceRoot(), "reporting", Secret.of("reporting"))
                .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(50));
        request = RunRequest.incremental(feed, DB.warehouseSettings()).withOverlap(Duration.ZERO);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void backToTheModelledTenant() {
        server.schemaDrift().clear();
        server.rawRows().clear();
    }

    private static FeedMetadata servedMetadata() {
        try (ReportingApiClient client = new ReportingApiClient(request.feed())) {
            return FeedMetadata.parse(client.metadata());
        }
    }

    @Test
    @Order(1)
    void baselineFullLoad() throws Exception {
        assertThat(WarehouseRun.execute(request).outcome()).isEqualTo("succeeded");
    }

    @Test
    @Order(2)
    void newPropertiesAndANewEntitySetDoNotBreakARun() throws Exception {
        Map<String, String> survey = new LinkedHashMap<>();
        survey.put("incidentId", "Edm.Guid");
        survey.put("score", "Edm.Int32");
        survey.put("answeredAt", "Edm.DateTimeOffset");
        server.schemaDrift()
                .addProperty("Incidents", "satisfactionScore", "Edm.Int32")
                .addProperty("Incidents", "tags", "Collection(Edm.String)")
                .addProperty("Incidents", "slaPausedFor", "Edm.Duration")
                .addProperty("Incidents", "location", "Edm.GeographyPoint")
                .addProperty("IncidentDetails", "request", "Edm.String")
                .addEntitySet("IncidentSurveys", survey);
        FeedMetadata served = servedMetadata();
        assertThat(served.typeOf("Incidents", "satisfactionScore")).as("the drift is really served").isEqualTo("Edm.Int32");
        assertThat(served.typeOf("Incidents", "slaPausedFor")).isEqualTo("Edm.Duration");
        assertThat(served.hasEntitySet("IncidentSurveys")).isTrue();
        // a row that carries the new properties (raw rows ignore $select, as a server that added them might)
        String id = "5eed0000-0000-4000-8000-000000000001";
        server.rawRows().add("Incidents", "[{\"id\":\"" + id + "\",\"status\":\"firstLine\",\"creationDate\":\"2021-01-01T00:00:00Z\","
                + "\"modificationDate\":\"2021-01-01T00:00:00Z\",\"satisfactionScore\":4,\"tags\":[\"vpn\",\"printer\"],"
                + "\"slaPausedFor\":\"PT2H\",\"location\":{\"type\":\"Point\",\"coordinates\":[4.9,52.4]}}]");
        server.rawRows().add("IncidentDetails", "[{\"id\":\"" + id + "\",\"number\":\"I 2101 001\","
                + "\"briefDescription\":\"new properties\",\"request\":\"a long request text\"}]");
        TenantData.Mutation changes = tenant.mutate("Incidents", 3, 10, 0);

        RunSummary summary = WarehouseRun.execute(request);

        assertThat(summary.outcome()).isEqualTo("succeeded");
        assertThat(summary.rowsRejected()).isZero();
        assertThat(summary.of("Incidents").rowsWritten()).isEqualTo(changes.created().size() + changes.updated().size() + 1);
        try (Connection conn = DB.connection()) {
            assertThat(string(conn, "SELECT status || ' ' || brief_description FROM dw.fact_incident WHERE incident_id = '" + id + "'"))
                    .isEqualTo("firstLine new properties");
        }
    }

    /** A change to $metadata that must stop the run, and what its message must name. */
    static Stream<Arguments> breakingChanges() {
        return Stream.of(
                breaking("a property the definition uses disappears", d -> d.removeProperty("Incidents", "costs"),
                        "property Incidents.costs (for dw.fact_incident) is not in the tenant's $metadata"),
                breaking("a numeric property becomes text", d -> d.retype("Incidents", "costs", "Edm.String"),
                        "dw.fact_incident.costs is numeric", "Edm.String"),
                breaking("a details property disappears", d -> d.removeProperty("IncidentDetails", "briefDescription"),
                        "IncidentDetails.briefDescription"),
                breaking("the incremental property disappears", d -> d.removeProperty("Incidents", "modificationDate"),
                        "Incidents.modificationDate"),
                breaking("a timestamp becomes a date", d -> d.retype("Incidents", "modificationDate", "Edm.Date"),
                        "dw.fact_incident.modification_date", "Edm.Date"),
                breaking("a reference stops being a Guid", d -> d.retype("Incidents", "branchId", "Edm.String"),
                        "Incidents.branchId", "Edm.Guid"),
                breaking("a type the warehouse does not load", d -> d.retype("Incidents", "timeSpent_inSeconds", "Edm.Duration"),
                        "Incidents.timeSpent_inSeconds", "Edm.Duration"),
                breaking("an entity set the definition uses disappears", d -> d.removeEntitySet("IncidentCallTypes"),
                        "entity set IncidentCallTypes"),
                breaking("a dimension's property is retyped", d -> d.retype("Persons", "email", "Edm.Int32"),
                        "dw.dim_person.email", "Edm.Int32"));
    }

    private static Arguments breaking(String what, Consumer<SchemaDrift> drift, String... named) {
        return Arguments.of(what, drift, List.of(named));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakingChanges")
    @Order(3)
    void aPropertyOrSetTheDefinitionUsesThatDisappearsOrChangesTypeStopsTheRunAndChangesNothing(String what,
            Consumer<SchemaDrift> change, List<String> named) throws Exception {
        Map<String, String> before;
        List<String> watermarksBefore;
        try (Connection conn = DB.connection()) {
            before = warehouse(conn);
            watermarksBefore = watermarks(conn);
        }
        tenant.mutate("Incidents", 2, 5, 0); // changes a run would load
        change.accept(server.schemaDrift());

        var thrown = assertThatThrownBy(() -> WarehouseRun.execute(request)).isInstanceOf(DefinitionException.class);
        named.forEach(thrown::hasMessageContaining);

        try (Connection conn = DB.connection()) {
            assertThat(warehouse(conn)).as("the warehouse is as it was").isEqualTo(before);
            assertThat(watermarks(conn)).as("the watermarks are as they were").isEqualTo(watermarksBefore);
            assertThat(string(conn, "SELECT outcome FROM etl.runs ORDER BY run_id DESC LIMIT 1")).isEqualTo("failed");
            assertThat(string(conn, "SELECT error FROM etl.runs ORDER BY run_id DESC LIMIT 1")).contains(named.get(0));
            assertThat(count(conn, "SELECT count(*) FROM pg_tables WHERE schemaname = 'staging'")).isZero();
        }
    }

    @Test
    @Order(4)
    void aTypeChangeTheColumnCanHoldIsLoaded() throws Exception {
        // costs: Edm.Decimal → Edm.Double, which numeric(18,2) holds
        server.schemaDrift().retype("Incidents", "costs", "Edm.Double");
        tenant.mutate("Incidents", 0, 10, 0);
        RunSummary summary = WarehouseRun.execute(request);
        assertThat(summary.outcome()).isEqualTo("succeeded");
        assertThat(summary.rowsRejected()).isZero();
        assertTheWarehouseHoldsTheTenant();
    }

    @Test
    @Order(5)
    void onceTheMetadataIsBackTheChangesTheFailedRunsLeftAreLoaded() throws Exception {
        RunSummary summary = WarehouseRun.execute(request);
        assertThat(summary.outcome()).isEqualTo("succeeded");
        assertTheWarehouseHoldsTheTenant();
    }

    private static void assertTheWarehouseHoldsTheTenant() throws Exception {
        String injected = "5eed0000-0000-4000-8000-000000000001";
        try (Connection conn = DB.connection()) {
            assertThat(WarehouseTruth.read(conn, "bi.incidents", WarehouseTruth.INCIDENT_COLUMNS).stream()
                    .filter(line -> !line.startsWith(injected)).toList())
                    .containsExactlyInAnyOrderElementsOf(new WarehouseTruth(tenant).incidents());
        }
    }
}
