package io.tdwarehouse.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineDefinitionTest {

    @TempDir
    Path dir;

    private static final String VALID = """
            name: small
            dimensions:
              - name: branch
                entitySet: Branches
                incremental: modificationDate
                columns: {name: name, modificationDate: modification_date}
              - name: category
                entitySet: Categories
                columns: {name: name}
            facts:
              - name: incident
                entitySet: Incidents
                incremental: modificationDate
                partitionBy: creationDate
                columns: {status: status, creationDate: creation_date}
                references:
                  branchId: branch
                  callerBranchId: {dimension: branch, as: caller_branch}
                  categoryId: category
                dateKeys: {creationDate: creation_date_key}
                details:
                  entitySet: IncidentDetails
                  columns: {number: number, briefDescription: brief_description}
            """;

    private PipelineDefinition load(String yaml) throws IOException {
        Path file = dir.resolve("pipeline-" + System.nanoTime() + ".yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return PipelineDefinition.load(file);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> rejects(String yaml) {
        return assertThatThrownBy(() -> load(yaml)).isInstanceOf(DefinitionException.class);
    }

    @Test
    void theDefaultDefinitionLoads() {
        PipelineDefinition d = PipelineDefinition.loadDefault();
        assertThat(d.name()).isEqualTo("topdesk-reporting");
        assertThat(d.dimensions()).hasSize(17);
        assertThat(d.facts()).extracting(TableDefinition::name).containsExactly("incident", "change", "change_activity");
        assertThat(d.tables()).hasSize(20);
        assertThat(d.dimensions()).allSatisfy(t -> {
            assertThat(t.kind()).isEqualTo(TableDefinition.Kind.DIMENSION);
            assertThat(t.references()).isEmpty();
            assertThat(t.details()).isNull();
        });
        TableDefinition incident = d.tableOf("Incidents");
        assertThat(incident.table()).isEqualTo("fact_incident");
        assertThat(incident.idColumn()).isEqualTo("incident_id");
        assertThat(incident.incremental()).isEqualTo("modificationDate");
        assertThat(incident.partitionBy()).isEqualTo("creationDate");
        assertThat(incident.references()).hasSize(12);
        assertThat(incident.references()).contains(new Reference("callerId", "person", "caller"),
                new Reference("branchId", "branch", "branch"));
        assertThat(incident.details().entitySet()).isEqualTo("IncidentDetails");
        assertThat(incident.properties()).startsWith("id").doesNotHaveDuplicates();
        assertThat(d.dimension("branch").table()).isEqualTo("dim_branch");
        assertThat(d.dimension("branch").idColumn()).isEqualTo("source_id");
        assertThat(d.dimension("branch").keyColumn()).isEqualTo("branch_key");
        assertThat(d.tableOf("Departments").isIncremental()).isFalse();
        assertThat(d.tableOf("IncidentDetails")).isNull();
        assertThatThrownBy(() -> d.dimension("nope")).isInstanceOf(DefinitionException.class).hasMessageContaining("nope");
    }

    @Test
    void aValidFileLoads() throws IOException {
        PipelineDefinition d = load(VALID);
        assertThat(d.name()).isEqualTo("small");
        assertThat(d.dimensions()).extracting(TableDefinition::name).containsExactly("branch", "category");
        TableDefinition incident = d.facts().get(0);
        assertThat(incident.references()).containsExactly(new Reference("branchId", "branch", "branch"),
                new Reference("callerBranchId", "branch", "caller_branch"), new Reference("categoryId", "category", "category"));
        assertThat(incident.columns()).containsExactly(org.assertj.core.api.Assertions.entry("status", "status"),
                org.assertj.core.api.Assertions.entry("creationDate", "creation_date"));
        assertThat(incident.dateKeys()).containsEntry("creationDate", "creation_date_key");
        assertThat(incident.properties()).containsExactly("id", "status", "creationDate", "branchId", "callerBranchId",
                "categoryId", "modificationDate");
        assertThat(incident.details().columns()).containsKeys("number", "briefDescription");
    }

    @Test
    void unsafeTableNames() {
        rejects(VALID.replace("name: category", "name: \"Robert'); DROP TABLE students; --\""))
                .hasMessageContaining("Robert'); DROP TABLE students; --").hasMessageContaining("not a safe SQL identifier");
        rejects(VALID.replace("name: category", "name: Category")).hasMessageContaining("'Category'")
                .hasMessageContaining("not a safe SQL identifier");
        rejects(VALID.replace("name: category", "name: " + "c".repeat(64))).hasMessageContaining("c".repeat(64))
                .hasMessageContaining("at most 63");
        rejects(VALID.replace("name: category", "name: 1category")).hasMessageContaining("'1category'");
        rejects(VALID.replace("name: category", "name: cat-egory")).hasMessageContaining("'cat-egory'");
        rejects(VALID.replace("name: category", "name: \"cat egory\"")).hasMessageContaining("'cat egory'");
        rejects(VALID.replace("name: category", "name: \"catégorie\"")).hasMessageContaining("'catégorie'");
    }

    @Test
    void unsafeColumnNames() {
        rejects(VALID.replace("columns: {name: name}", "columns: {name: \"name\\\"; DROP TABLE x; --\"}"))
                .hasMessageContaining("DROP TABLE x").hasMessageContaining("not a safe SQL identifier");
        rejects(VALID.replace("columns: {name: name}", "columns: {name: Name}")).hasMessageContaining("'Name'");
        rejects(VALID.replace("columns: {name: name}", "columns: {name: " + "n".repeat(64) + "}"))
                .hasMessageContaining("n".repeat(64));
        rejects(VALID.replace("columns: {name: name}", "columns: {name: }")).hasMessageContaining("not a safe SQL identifier");
        rejects(VALID.replace("callerBranchId: {dimension: branch, as: caller_branch}",
                "callerBranchId: {dimension: branch, as: \"Caller Branch\"}")).hasMessageContaining("'Caller Branch'");
        rejects(VALID.replace("dateKeys: {creationDate: creation_date_key}", "dateKeys: {creationDate: CreationKey}"))
                .hasMessageContaining("'CreationKey'");
        rejects(VALID.replace("number: number", "number: \"n; --\"")).hasMessageContaining("'n; --'");
    }

    @Test
    void unsafeODataNames() {
        rejects(VALID.replace("entitySet: Categories", "entitySet: \"Categories?$top=1\""))
                .hasMessageContaining("'Categories?$top=1'").hasMessageContaining("not an OData name");
        rejects(VALID.replace("columns: {name: name}", "columns: {\"name,id\": name}")).hasMessageContaining("'name,id'");
        rejects(VALID.replace("incremental: modificationDate\n    columns: {name: name, mod",
                "incremental: \"modificationDate ge 2000\"\n    columns: {name: name, mod"))
                .hasMessageContaining("'modificationDate ge 2000'");
        rejects(VALID.replace("branchId: branch", "\"branch Id\": branch")).hasMessageContaining("'branch Id'");
        rejects(VALID.replace("entitySet: IncidentDetails", "entitySet: \"Incident/Details\""))
                .hasMessageContaining("'Incident/Details'");
    }

    @Test
    void unknownKeys() {
        rejects(VALID.replace("    incremental: modificationDate\n    partitionBy", "    incrementel: modificationDate\n    partitionBy"))
                .hasMessageContaining("unknown key 'incrementel'").hasMessageContaining("incident");
        rejects(VALID.replace("columns: {name: name}", "columns: {name: name}\n    filter: \"x eq 1\""))
                .hasMessageContaining("unknown key 'filter'").hasMessageContaining("category");
    }

    @Test
    void missingRequiredKeys() {
        rejects(VALID.replace("    entitySet: Categories\n", "")).hasMessageContaining("'entitySet' is required");
        rejects(VALID.replace("  - name: category\n", "  - name: \"\"\n"))
                .hasMessageContaining("'name' is required");
        rejects(VALID.replace("    details:\n      entitySet: IncidentDetails\n", "    details:\n"))
                .hasMessageContaining("'entitySet' is required");
    }

    @Test
    void aReferenceToAnUndeclaredDimension() {
        rejects(VALID.replace("categoryId: category", "categoryId: site"))
                .hasMessageContaining("fact_incident.categoryId").hasMessageContaining("'site'").hasMessageContaining("not declared");
        rejects(VALID.replace("{dimension: branch, as: caller_branch}", "{dimension: person, as: caller_branch}"))
                .hasMessageContaining("'person'");
        rejects(VALID.replace("{dimension: branch, as: caller_branch}", "{as: caller_branch}"))
                .hasMessageContaining("reference dimension");
    }

    @Test
    void duplicateAndReservedColumns() {
        rejects(VALID.replace("columns: {name: name}", "columns: {name: name, title: name}"))
                .hasMessageContaining("column name of dim_category is defined twice or reserved");
        // a plain column clashing with a reference's generated columns
        rejects(VALID.replace("columns: {status: status, creationDate: creation_date}",
                "columns: {status: status, creationDate: creation_date, otherBranch: branch_key}"))
                .hasMessageContaining("column branch_key of fact_incident");
        // two references with the same prefix
        rejects(VALID.replace("{dimension: branch, as: caller_branch}", "{dimension: branch, as: branch}"))
                .hasMessageContaining("column branch_id of fact_incident");
        // a details column clashing with a main column
        rejects(VALID.replace("briefDescription: brief_description", "briefDescription: status"))
                .hasMessageContaining("column status of fact_incident");
        // a date key clashing with a column
        rejects(VALID.replace("dateKeys: {creationDate: creation_date_key}", "dateKeys: {creationDate: creation_date}"))
                .hasMessageContaining("column creation_date of fact_incident");
        // the id column and loaded_at are the table's own
        rejects(VALID.replace("columns: {name: name}", "columns: {name: source_id}")).hasMessageContaining("source_id");
        rejects(VALID.replace("columns: {status: status,", "columns: {status: incident_id,"))
                .hasMessageContaining("incident_id");
        rejects(VALID.replace("columns: {name: name}", "columns: {name: loaded_at}")).hasMessageContaining("loaded_at");
    }

    @Test
    void referencesDateKeysAndDetailsAreForFacts() {
        rejects(VALID.replace("columns: {name: name}", "columns: {name: name}\n    references: {branchId: branch}"))
                .hasMessageContaining("category").hasMessageContaining("references, dateKeys and details are for facts");
        rejects(VALID.replace("columns: {name: name}", "columns: {name: name}\n    dateKeys: {creationDate: creation_date_key}"))
                .hasMessageContaining("are for facts");
        rejects(VALID.replace("columns: {name: name}", "columns: {name: name}\n    details: {entitySet: CategoryDetails}"))
                .hasMessageContaining("are for facts");
    }

    @Test
    void anEntitySetUsedTwice() {
        rejects(VALID.replace("entitySet: Categories", "entitySet: Branches"))
                .hasMessageContaining("entity set Branches feeds two tables");
        rejects(VALID.replace("entitySet: Incidents", "entitySet: Categories"))
                .hasMessageContaining("entity set Categories feeds two tables");
    }

    @Test
    void twoTablesWithTheSameName() {
        rejects(VALID.replace("name: category", "name: branch")).hasMessageContaining("branch");
    }

    @Test
    void notAMappingOrNotALists() {
        rejects("- a\n- b\n").hasMessageContaining("not a YAML mapping");
        rejects("just text\n").hasMessageContaining("not a YAML mapping");
        rejects("").hasMessageContaining("not a YAML mapping");
        rejects("name: x\ndimensions: {branch: Branches}\n").hasMessageContaining("dimensions must be a list");
        rejects("name: x\nfacts: 3\n").hasMessageContaining("facts must be a list");
    }

    @Test
    void theFileNameIsInTheMessage() throws IOException {
        Path file = dir.resolve("named-pipeline.yaml");
        Files.writeString(file, VALID.replace("categoryId: category", "categoryId: site"));
        assertThatThrownBy(() -> PipelineDefinition.load(file)).hasMessageContaining("named-pipeline.yaml");
    }

    @Test
    void restrictedTo() throws IOException {
        PipelineDefinition d = load(VALID);
        PipelineDefinition onlyIncidents = d.restrictedTo(Set.of("Incidents"));
        assertThat(onlyIncidents.dimensions()).isEmpty();
        assertThat(onlyIncidents.facts()).extracting(TableDefinition::name).containsExactly("incident");
        assertThat(onlyIncidents.facts().get(0).details().entitySet()).isEqualTo("IncidentDetails");
        PipelineDefinition two = d.restrictedTo(Set.of("Categories", "Branches"));
        assertThat(two.dimensions()).extracting(TableDefinition::name).containsExactly("branch", "category");
        assertThat(two.facts()).isEmpty();
        assertThat(d.restrictedTo(Set.of()).tables()).isEmpty();

        assertThatThrownBy(() -> d.restrictedTo(Set.of("Incidents", "Nope")))
                .isInstanceOf(DefinitionException.class).hasMessageContaining("'Nope'").hasMessageContaining("small");
        // a details set is not a table of its own
        assertThatThrownBy(() -> d.restrictedTo(Set.of("IncidentDetails"))).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("IncidentDetails");
        // case matters, as in OData
        assertThatThrownBy(() -> d.restrictedTo(Set.of("incidents"))).isInstanceOf(DefinitionException.class);
    }

    @Test
    void sqlIdentifier() {
        assertThat(SqlIdentifier.require("x", "_a1")).isEqualTo("_a1");
        assertThat(SqlIdentifier.require("x", "a".repeat(63))).hasSize(63);
        assertThat(SqlIdentifier.quote("dim_branch")).isEqualTo("\"dim_branch\"");
        assertThat(SqlIdentifier.qualified("dw", "dim_branch")).isEqualTo("\"dw\".\"dim_branch\"");
        for (String bad : List.of("", "A", "a-b", "a\"b", "a b", "9a", "a".repeat(64), "dim_branch\n", "é")) {
            assertThatThrownBy(() -> SqlIdentifier.quote(bad)).as(bad).isInstanceOf(DefinitionException.class);
        }
        assertThatThrownBy(() -> SqlIdentifier.require("table name", null)).hasMessageContaining("table name 'null'");
    }
}
