package io.tdwarehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tdwarehouse.cli.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README stays true to the code: every setting and every exit code is documented there. */
class ReadmeTest {
    private static String readme() throws Exception {
        return Files.readString(Path.of("README.md"));
    }

    @Test
    void everySettingIsDocumentedWithItsKeyVariableAndFlag() throws Exception {
        String readme = readme();
        for (Setting s : Setting.values()) {
            assertThat(readme).as(s.name()).contains("`" + s.key() + "`").contains("`" + s.env() + "`").contains("`" + s.flag() + "`");
            if (s.defaultValue() != null) {
                assertThat(readme).as(s.name() + " default").contains("`" + s.defaultValue() + "`");
            }
        }
    }

    @Test
    void everyExitCodeIsDocumented() throws Exception {
        String readme = readme();
        for (String line : ExitCodes.LIST) {
            String[] codeAndMeaning = line.split(":", 2);
            assertThat(readme).contains("| " + codeAndMeaning[0] + " | " + codeAndMeaning[1].replace("$metadata", "`$metadata`") + " |");
        }
    }

    @Test
    void theTestCommandAndTheRunCommandAreTheOnesCiAndUsersRun() throws Exception {
        assertThat(readme()).contains("mvn -B verify").contains("java -jar target/topdesk-warehouse.jar demo");
        assertThat(Files.readString(Path.of(".ci/run"))).contains("mvn -B verify");
    }
}
