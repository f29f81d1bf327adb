package io.tdwarehouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tdwarehouse.cli.config.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Docker is not available where the tests run, so this checks what can be checked without it: docker-compose.yml,
 * the Dockerfile and the scheduling examples of deploy/ parse, have the services, health checks and safeguards
 * they should, and hold no password.
 */
class DeploymentFilesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Environment variables the ETL reads: the settings, and the two password variables. */
    private static final Set<String> ETL_VARIABLES = Arrays.stream(Setting.values()).map(Setting::env)
            .collect(Collectors.toSet());

    private static JsonNode yaml(String file) throws IOException {
        return YAML.readTree(Files.readString(Path.of(file)));
    }

    @Test
    void composeHasTheServicesWithHealthChecks() throws IOException {
        JsonNode services = yaml("docker-compose.yml").path("services");
        assertThat(names(services)).contains("warehouse-db", "topdesk-simulator", "etl", "etl-scheduled", "metabase");

        JsonNode db = services.path("warehouse-db");
        assertThat(db.path("image").asText()).startsWith("postgres:15");
        assertThat(db.path("volumes").toString()).contains("/var/lib/postgresql/data");
        for (String name : List.of("warehouse-db", "topdesk-simulator", "metabase")) {
            assertThat(services.path(name).path("healthcheck").path("test").isMissingNode())
                    .as(name + " has a health check").isFalse();
        }
        assertThat(services.path("metabase").path("image").asText()).startsWith("metabase/metabase");
        assertThat(services.path("metabase").path("healthcheck").path("test").toString()).contains("/api/health");

        JsonNode simulator = services.path("topdesk-simulator");
        assertThat(texts(simulator.path("command"))).contains("simulate", "--admin")
                .containsSequence("--bind", "0.0.0.0");

        JsonNode etl = services.path("etl");
        assertThat(etl.path("build").asText()).isEqualTo(".");
        assertThat(texts(etl.path("command"))).containsExactly("run");
        assertThat(etl.path("depends_on").path("warehouse-db").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(etl.path("depends_on").path("topdesk-simulator").path("condition").asText())
                .isEqualTo("service_healthy");
        assertThat(etl.has("profiles")).as("etl runs with a plain `docker compose up etl`").isFalse();
        assertThat(texts(services.path("etl-scheduled").path("profiles"))).containsExactly("scheduled");
    }

    @Test
    void etlServicesUseOnlyRealSettings() throws IOException {
        JsonNode services = yaml("docker-compose.yml").path("services");
        for (String name : List.of("etl", "etl-scheduled")) {
            List<String> unknown = new ArrayList<>();
            for (String variable : names(services.path(name).path("environment"))) {
                if (!ETL_VARIABLES.contains(variable) && !variable.equals("ETL_INTERVAL_SECONDS")) {
                    unknown.add(variable);
                }
            }
            assertThat(unknown).as(name + ": variables the ETL does not read").isEmpty();
            assertThat(names(services.path(name).path("environment")))
                    .contains("TOPDESK_APP_PASSWORD_FILE", "WAREHOUSE_PASSWORD_FILE");
        }
    }

    @Test
    void passwordsAreSecretFilesNeverLiterals() throws IOException {
        JsonNode compose = yaml("docker-compose.yml");
        JsonNode secrets = compose.path("secrets");
        assertThat(names(secrets)).isNotEmpty();
        for (String secret : names(secrets)) {
            assertThat(secrets.path(secret).path("file").asText()).as(secret).startsWith("./secrets/");
        }
        Iterator<Map.Entry<String, JsonNode>> services = compose.path("services").fields();
        while (services.hasNext()) {
            Map.Entry<String, JsonNode> service = services.next();
            JsonNode environment = service.getValue().path("environment");
            assertThat(environment.isMissingNode() || environment.isObject())
                    .as(service.getKey() + ": environment as a map").isTrue();
            for (String variable : names(environment)) {
                if (variable.toUpperCase().contains("PASS")) {
                    assertThat(variable).as(service.getKey() + ": a password only as a file").endsWith("_FILE");
                    String file = environment.path(variable).asText();
                    assertThat(file).startsWith("/run/secrets/");
                    String secret = file.substring("/run/secrets/".length());
                    assertThat(names(secrets)).contains(secret);
                    assertThat(texts(service.getValue().path("secrets")))
                            .as(service.getKey() + " mounts " + secret).contains(secret);
                }
            }
        }
        String text = Files.readString(Path.of("docker-compose.yml"));
        assertThat(text).doesNotContainPattern("(?i)(PASSWORD|_PASS)[ \\t]*[:=][ \\t]*\\S")
                .doesNotContainPattern("(?i)password=");
        assertThat(Files.readString(Path.of(".gitignore"))).contains("/secrets/*");
        assertThat(Path.of("secrets/README.md")).exists();
    }

    @Test
    void dockerfileBuildsWithSqlAndPipelinesAndRunsAsNonRoot() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("Dockerfile")).stream().map(String::strip)
                .filter(l -> !l.startsWith("#")).toList();
        assertThat(lines).contains("COPY pom.xml .", "COPY src src", "COPY sql sql", "COPY pipelines pipelines");
        assertThat(lines.stream().filter(l -> l.startsWith("FROM "))).hasSize(2);
        assertThat(lines.stream().filter(l -> l.startsWith("USER ")))
                .singleElement().asString().doesNotContain("root").isNotEqualTo("USER 0");
        assertThat(lines.indexOf("COPY sql sql")).isLessThan(lines.indexOf("RUN mvn -B -q package -DskipTests"));
        assertThat(lines.indexOf("COPY pipelines pipelines"))
                .isLessThan(lines.indexOf("RUN mvn -B -q package -DskipTests"));
    }

    @Test
    void schedulingExamplesNeverOverlapAndReportFailures() throws IOException {
        JsonNode cronJob = yaml("deploy/kubernetes/cronjob.yaml");
        assertThat(cronJob.path("kind").asText()).isEqualTo("CronJob");
        assertThat(cronJob.path("spec").path("concurrencyPolicy").asText()).isEqualTo("Forbid");
        JsonNode job = cronJob.path("spec").path("jobTemplate").path("spec");
        assertThat(job.path("backoffLimit").isInt()).isTrue();
        JsonNode pod = job.path("template").path("spec");
        assertThat(pod.path("restartPolicy").asText()).isEqualTo("Never");
        assertThat(pod.path("volumes").toString()).contains("\"secret\"");
        assertThat(pod.path("containers").toString()).doesNotContainPattern("(?i)\"name\":\"[A-Z_]*PASSWORD\"");

        String service = Files.readString(Path.of("deploy/systemd/topdesk-warehouse.service"));
        assertThat(service).contains("Type=oneshot", "EnvironmentFile=", "LoadCredential=",
                "TOPDESK_APP_PASSWORD_FILE=", "WAREHOUSE_PASSWORD_FILE=");
        assertThat(Files.readString(Path.of("deploy/systemd/topdesk-warehouse.timer"))).contains("Persistent=true");
        assertThat(Files.readString(Path.of("deploy/cron/topdesk-warehouse"))).contains("flock -n");
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
