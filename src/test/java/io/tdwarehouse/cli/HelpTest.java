package io.tdwarehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code topdesk-warehouse --help} lists the exit codes as ExitCodes declares them, each once. */
class HelpTest {
    @Test
    void helpListsEveryExitCodeFromTheOneDeclaration() {
        CommandLine cl = TopdeskWarehouse.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("--help")).isZero();
        String help = out.toString().replaceAll("\\s+", " "); // long meanings wrap at 80 columns
        assertThat(help).contains("Exit codes:");
        for (String entry : ExitCodes.LIST) {
            String code = entry.substring(0, entry.indexOf(':'));
            String meaning = entry.substring(entry.indexOf(':') + 1);
            assertThat(help).contains(" " + code + " " + meaning + " ");
        }
    }
}
