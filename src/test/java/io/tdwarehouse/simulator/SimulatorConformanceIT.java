package io.tdwarehouse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tdwarehouse.simulator.http.SimulatorServer;
import io.tdwarehouse.simulator.http.Users;
import io.tdwarehouse.simulator.model.EntitySetDef;
import io.tdwarehouse.simulator.model.PropertyDef;
import io.tdwarehouse.simulator.model.Row;
import io.tdwarehouse.simulator.tenant.TenantData;
import io.tdwarehouse.simulator.tenant.TenantSchema;
import io.tdwarehouse.testing.FeedClient;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.olingo.client.api.ODataClient;
import org.apache.olingo.client.api.domain.ClientEntitySet;
import org.apache.olingo.client.core.ODataClientFactory;
import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.edm.EdmProperty;
import org.apache.olingo.commons.api.format.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reads the simulator over HTTP the way real clients do, and checks what it serves against the generator. */
class SimulatorConformanceIT {
    private static final int INCIDENTS = 3_000;
    private static SimulatorServer server;
    private static TenantData truth;
    private static FeedClient feed;

    @BeforeAll
    static void start() throws Exception {
        server = SimulatorServer.start("127.0.0.1", 0, new TenantData(11, INCIDENTS), Users.defaults(), false);
        truth = new TenantData(11, INCIDENTS);
        feed = new FeedClient(server.serviceRoot(), "reporting", "reporting");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void olingoParsesTheMetadataAndFindsEverySetWithItsTypes() throws Exception {
        HttpResponse<byte[]> response = feed.get("$metadata");
        assertThat(response.statusCode()).isEqualTo(200);
        ODataClient client = ODataClientFactory.getClient();
        Edm edm = client.getReader().readMetadata(new ByteArrayInputStream(response.body()));
        assertThat(edm.getEntityContainer().getEntitySets()).hasSize(TenantSchema.entitySets().size());
        for (EntitySetDef set : TenantSchema.entitySets()) {
            EdmEntitySet edmSet = edm.getEntityContainer().getEntitySet(set.name());
            assertThat(edmSet).as(set.name()).isNotNull();
            assertThat(edmSet.getEntityType().getKeyPredicateNames()).containsExactly("id");
            assertThat(edmSet.getEntityType().getPropertyNames())
                    .containsExactlyElementsOf(set.properties().stream().map(PropertyDef::name).toList());
            for (PropertyDef p : set.properties()) {
                EdmProperty edmProperty = edmSet.getEntityType().getStructuralProperty(p.name());
                assertThat(edmProperty.getType().getFullQualifiedName().getFullQualifiedNameAsString())
                        .as(set.name() + "." + p.name()).isEqualTo(p.type().edmName());
            }
        }
    }

    @Test
    void serviceDocumentListsEverySet() throws Exception {
        JsonNode doc = FeedClient.json(feed.get(""));
        List<String> names = new ArrayList<>();
        doc.get("value").forEach(v -> names.add(v.get("name").asText()));
        assertThat(names).containsExactlyElementsOf(TenantSchema.entitySets().stream().map(EntitySetDef::name).toList());
        assertThat(doc.get("value").get(0).get("url").asText()).isEqualTo("Branches");
    }

    @Test
    void olingoReadsAPageInMinimalMetadataJson() throws Exception {
        HttpResponse<byte[]> response = feed.get("Incidents", "Prefer", "odata.maxpagesize=50");
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).contains("odata.metadata=minimal");
        assertThat(response.headers().firstValue("OData-Version")).contains("4.0");
        ClientEntitySet page = ODataClientFactory.getClient().getReader()
                .readEntitySet(new ByteArrayInputStream(response.body()), ContentType.APPLICATION_JSON);
        assertThat(page.getEntities()).hasSize(50);
        assertThat(page.getNext().toString()).contains("$skiptoken=");
        Row first = truth.view(TenantSchema.get("Incidents")).row(0);
        assertThat(page.getEntities().get(0).getProperty("id").getPrimitiveValue().toString())
                .isEqualTo(first.get("id").toString());
    }

    @Test
    void followingNextLinksReturnsEveryRowOfEverySetExactlyOnce() throws Exception {
        for (EntitySetDef set : TenantSchema.entitySets()) {
            List<String> expected = truth.view(set).rows().stream().map(r -> r.get("id").toString()).toList();
            for (int pageSize : new int[] {97, 1_000}) {
                FeedClient.Pages pages = feed.readAll(set.name(), null, pageSize);
                assertThat(pages.ids()).as(set.name() + " at page size " + pageSize).containsExactlyElementsOf(expected);
                assertThat(new HashSet<>(pages.ids())).hasSize(expected.size());
                int full = (expected.size() + pageSize - 1) / pageSize;
                assertThat(pages.pages()).as(set.name() + " pages").isBetween(Math.max(1, full), full + 1);
            }
        }
    }

    @Test
    void defaultPageSizeIsAThousandAndMaxPageSizeIsCappedAtTenThousand() throws Exception {
        TenantData big = new TenantData(3, 25_000);
        try (SimulatorServer s = SimulatorServer.start("127.0.0.1", 0, big, Users.defaults(), false)) {
            FeedClient client = new FeedClient(s.serviceRoot(), "reporting", "reporting");
            assertThat(FeedClient.json(client.get("Incidents")).get("value")).hasSize(1_000);
            HttpResponse<byte[]> capped = client.get("Incidents", "Prefer", "odata.maxpagesize=50000");
            assertThat(FeedClient.json(capped).get("value")).hasSize(10_000);
            assertThat(capped.headers().firstValue("Preference-Applied")).contains("odata.maxpagesize=10000");
            JsonNode page = FeedClient.json(client.get("Incidents"));
            assertThat(page.get("@odata.nextLink").asText())
                    .startsWith(s.serviceRoot() + "/Incidents?").contains("$skiptoken=");
        }
    }

    @Test
    void filterResultsMatchTheSameFilterAppliedToTheGeneratedData() throws Exception {
        EntitySetDef incidents = TenantSchema.get("Incidents");
        List<Row> rows = truth.view(incidents).rows();
        UUID someCaller = (UUID) rows.stream().map(r -> r.get("callerId")).filter(Objects::nonNull).findFirst().orElseThrow();
        OffsetDateTime since = OffsetDateTime.parse("2024-06-01T00:00:00+01:00");
        Map<String, Predicate<Row>> cases = new java.util.LinkedHashMap<>();
        cases.put("modificationDate ge 2024-06-01T00:00:00+01:00",
                r -> !((OffsetDateTime) r.get("modificationDate")).isBefore(since));
        cases.put("branchId eq null", r -> r.get("branchId") == null);
        cases.put("branchId ne null and operatorId eq null", r -> r.get("branchId") != null && r.get("operatorId") == null);
        cases.put("completed eq true and (closed eq false or costs gt 5000)",
                r -> (Boolean) r.get("completed") && (!(Boolean) r.get("closed")
                        || r.get("costs") != null && ((BigDecimal) r.get("costs")).compareTo(new BigDecimal(5000)) > 0));
        cases.put("not (status eq 'firstLine') and majorCall eq false",
                r -> !r.get("status").equals("firstLine") && !(Boolean) r.get("majorCall"));
        cases.put("callerId eq " + someCaller, r -> someCaller.equals(r.get("callerId")));
        cases.put("timeSpent_inSeconds gt 3000000000 or timeSpent_inSeconds le 10",
                r -> (Long) r.get("timeSpent_inSeconds") > 3_000_000_000L || (Long) r.get("timeSpent_inSeconds") <= 10);
        cases.put("creationDate ge 2021-01-01T00:00:00Z and creationDate lt 2021-02-01T00:00:00.0000000Z",
                r -> inJanuary2021((OffsetDateTime) r.get("creationDate")));
        for (Map.Entry<String, Predicate<Row>> c : cases.entrySet()) {
            List<String> expected = rows.stream().filter(c.getValue()).map(r -> r.get("id").toString()).toList();
            List<String> served = feed.readAll("Incidents", "$filter=" + FeedClient.encode(c.getKey()), 500).ids();
            assertThat(served).as(c.getKey()).containsExactlyElementsOf(expected);
            assertThat(expected).as("the case '" + c.getKey() + "' selects something").isNotEmpty();
        }
    }

    private static boolean inJanuary2021(OffsetDateTime t) {
        return !t.isBefore(OffsetDateTime.parse("2021-01-01T00:00:00Z")) && t.isBefore(OffsetDateTime.parse("2021-02-01T00:00:00Z"));
    }

    @Test
    void stringFiltersFindNamesWithQuotesAndAccents() throws Exception {
        List<Row> persons = truth.view(TenantSchema.get("Persons")).rows();
        String surName = "O'Brien";
        List<String> expected = persons.stream().filter(r -> surName.equals(r.get("surName")))
                .map(r -> r.get("id").toString()).toList();
        assertThat(expected).isNotEmpty();
        List<String> served = feed.readAll("Persons", "$filter=" + FeedClient.encode("surName eq 'O''Brien'"), 1000).ids();
        assertThat(served).containsExactlyElementsOf(expected);

        Row branch = truth.view(TenantSchema.get("Branches")).row(3);
        String name = (String) branch.get("name");
        JsonNode found = feed.readAll("Branches",
                "$filter=" + FeedClient.encode("name eq '" + name.replace("'", "''") + "'"), 1000).rows().get(0);
        assertThat(found.get("name").asText()).isEqualTo(name);
    }

    @Test
    void selectServesTheKeyAndTheSelectedPropertiesOnly() throws Exception {
        JsonNode page = FeedClient.json(feed.get("Incidents?$select=branchId,modificationDate"));
        assertThat(page.get("@odata.context").asText()).endsWith("$metadata#Incidents(branchId,modificationDate)");
        JsonNode row = page.get("value").get(0);
        List<String> names = new ArrayList<>();
        row.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("id", "modificationDate", "branchId");
        Row first = truth.view(TenantSchema.get("Incidents")).row(0);
        assertThat(row.get("branchId").isNull() ? null : row.get("branchId").asText())
                .isEqualTo(Objects.toString(first.get("branchId"), null));
        String nextLink = page.get("@odata.nextLink").asText();
        assertThat(nextLink).contains("$select=branchId,modificationDate");
        JsonNode second = FeedClient.json(feed.get(java.net.URI.create(nextLink)));
        Iterator<String> fields = second.get("value").get(0).fieldNames();
        assertThat(fields.next()).isEqualTo("id");
    }

    @Test
    void malformedAndUnsupportedOptionsAreAnsweredWithAnODataError() throws Exception {
        assertError(feed.get("Incidents?$filter=" + FeedClient.encode("nosuch eq 1")), 400, "nosuch");
        assertError(feed.get("Incidents?$filter=" + FeedClient.encode("creationDate ge 'yesterday'")), 400, "creationDate");
        assertError(feed.get("Incidents?$filter=" + FeedClient.encode("(completed eq true")), 400, "$filter");
        assertError(feed.get("Incidents?$select=id,nosuch"), 400, "nosuch");
        assertError(feed.get("Incidents?$skiptoken=bogus"), 400, "$skiptoken");
        assertError(feed.get("Incidents?$top=5"), 501, "$top");
        assertError(feed.get("Incidents?$orderby=creationDate"), 501, "$orderby");
        assertError(feed.get("NoSuchSet"), 404, "NoSuchSet");
    }

    private static void assertError(HttpResponse<byte[]> response, int status, String mentioned) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode error = FeedClient.json(response).get("error");
        assertThat(error.get("code").asText()).isNotBlank();
        assertThat(error.get("message").asText()).contains(mentioned);
    }

    @Test
    void authAnswers401WithAChallengeAnd403WithoutTheReportingPermission() throws Exception {
        for (String path : List.of("", "$metadata", "Incidents")) {
            HttpResponse<byte[]> anonymous = new FeedClient(server.serviceRoot(), null, null).get(path);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic realm=");
            HttpResponse<byte[]> wrong = new FeedClient(server.serviceRoot(), "reporting", "wrong").get(path);
            assertThat(wrong.statusCode()).isEqualTo(401);
            HttpResponse<byte[]> forbidden = new FeedClient(server.serviceRoot(), "noreporting", "noreporting").get(path);
            assertThat(forbidden.statusCode()).isEqualTo(403);
            assertThat(new String(forbidden.body(), StandardCharsets.UTF_8)).contains("Advanced Reporting data access");
        }
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() throws Exception {
        String[] paths = {"$metadata", "Incidents?$skiptoken=r1000", "IncidentDetails", "Persons?$filter="
                + FeedClient.encode("branchId ne null")};
        for (String path : paths) {
            byte[] a = bytesFrom(21, path);
            byte[] b = bytesFrom(21, path);
            assertThat(b).as(path).isEqualTo(a);
            if (!path.equals("$metadata")) {
                assertThat(bytesFrom(22, path)).as(path + " with another seed").isNotEqualTo(a);
            }
        }
    }

    private static byte[] bytesFrom(long seed, String path) throws Exception {
        try (SimulatorServer s = SimulatorServer.start("127.0.0.1", 0, new TenantData(seed, INCIDENTS), Users.defaults(), false)) {
            String body = new String(new FeedClient(s.serviceRoot(), "reporting", "reporting").get(path).body(),
                    StandardCharsets.UTF_8);
            // the nextLink names the server's own (random) port; everything else must be byte-identical
            return body.replace(":" + s.port() + "/", ":PORT/").getBytes(StandardCharsets.UTF_8);
        }
    }
}
