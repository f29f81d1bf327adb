package io.tdwarehouse.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code topdesk-warehouse} command line. */
@Command(name = "topdesk-warehouse", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Loads TOPdesk's Reporting API (OData v4) into a PostgreSQL star schema.",
        subcommands = {SimulateCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "2:usage error (unknown option, bad value)",
            "1:any other failure (the message says what)"})
public final class TopdeskWarehouse implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its exception handling, as {@link #main} runs it (tests drive this too). */
    public static CommandLine commandLine() {
        return new CommandLine(new TopdeskWarehouse());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
