package io.tdwarehouse.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefinitionDraftTest {
    @Test
    void namesBecomeSingularSnakeCaseSqlIdentifiers() {
        assertThat(DefinitionDraft.singular("Branches")).isEqualTo("Branch");
        assertThat(DefinitionDraft.singular("Categories")).isEqualTo("Category");
        assertThat(DefinitionDraft.singular("ChangeProcessingStatuses")).isEqualTo("ChangeProcessingStatus");
        assertThat(DefinitionDraft.singular("Persons")).isEqualTo("Person");
        assertThat(DefinitionDraft.singular("Addresses")).isEqualTo("Address");
        assertThat(DefinitionDraft.snake("timeSpent_inSeconds", 63)).isEqualTo("time_spent_in_seconds");
        assertThat(DefinitionDraft.snake("HTTPStatusCode", 63)).isEqualTo("http_status_code");
        assertThat(DefinitionDraft.snake("field2Value", 63)).isEqualTo("field2_value");
        assertThat(DefinitionDraft.snake("3rdParty", 63)).isEqualTo("_3rd_party");
        assertThat(DefinitionDraft.snake("a".repeat(80), 55)).hasSize(55);
    }

    @Test
    void awkwardNamesStillGiveADefinitionThatLoads() throws Exception {
        Map<String, Map<String, String>> sets = new LinkedHashMap<>();
        sets.put("Statuses", props("id", "Edm.Guid", "name", "Edm.String", "on", "Edm.Boolean", "order", "Edm.Int32",
                "source_id", "Edm.String", "status_key", "Edm.String", "picture", "Edm.Stream"));
        sets.put("Tickets", props("id", "Edm.Guid", "creationDate", "Edm.DateTimeOffset", "modificationDate", "Edm.DateTimeOffset",
                "statusId", "Edm.Guid", "ownerId", "Edm.Guid", "queueId", "Edm.Guid", "status_id", "Edm.String", "creation_date_key", "Edm.Int32"));
        sets.put("TicketDetails", props("id", "Edm.Guid", "status_id", "Edm.String", "body", "Edm.String"));
        sets.put("NoKey", props("name", "Edm.String"));
        sets.put("Bad-Name", props("id", "Edm.Guid", "name", "Edm.String"));
        DefinitionDraft draft = DefinitionDraft.of(sets);
        String yaml = draft.yaml("x", List.of("header"));
        PipelineDefinition d = PipelineDefinition.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "draft");
        assertThat(d.dimensions()).extracting(TableDefinition::entitySet).containsExactly("Statuses");
        assertThat(d.dimension("status").columns()).containsKeys("on", "order").doesNotContainKey("picture")
                .doesNotContainValue("source_id").doesNotContainValue("status_key");
        TableDefinition ticket = d.tableOf("Tickets");
        assertThat(ticket.references()).extracting(Reference::dimension).containsExactly("status");
        assertThat(ticket.details().entitySet()).isEqualTo("TicketDetails");
        assertThat(yaml).contains("NoKey: it has no key property 'id'").contains("Bad-Name: its name is not a plain OData identifier")
                .contains("property picture left out: the warehouse does not load Edm.Stream");
        assertThat(draft.entries()).extracting(DefinitionDraft.Entry::role).containsExactly(DefinitionDraft.Role.DIMENSION,
                DefinitionDraft.Role.FACT, DefinitionDraft.Role.DETAILS, DefinitionDraft.Role.SKIPPED, DefinitionDraft.Role.SKIPPED);
    }

    private static Map<String, String> props(String... nameType) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < nameType.length; i += 2) {
            out.put(nameType[i], nameType[i + 1]);
        }
        return out;
    }
}
