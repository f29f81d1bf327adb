package io.tdwarehouse.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code topdesk-warehouse} command line. */
@Command(name = "topdesk-warehouse", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Loads TOPdesk's Reporting API (OData v4) into a PostgreSQL star schema.",
        subcommands = {RunCommand.class, MigrateCommand.class, SimulateCommand.class, DemoCommand.class, StatusCommand.class, CheckCommand.class, DiscoverCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n")
public final class TopdeskWarehouse implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its exception handling, as {@link #main} runs it (tests drive this too). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TopdeskWarehouse());
        io.tdwarehouse.cli.config.ConfigOptions.addTo(cl.getSubcommands().get("run").getCommandSpec(), RunCommand.SETTINGS);
        io.tdwarehouse.cli.config.ConfigOptions.addTo(cl.getSubcommands().get("migrate").getCommandSpec(), MigrateCommand.SETTINGS);
        io.tdwarehouse.cli.config.ConfigOptions.addTo(cl.getSubcommands().get("demo").getCommandSpec(), DemoCommand.SETTINGS);
        io.tdwarehouse.cli.config.ConfigOptions.addTo(cl.getSubcommands().get("status").getCommandSpec(), StatusCommand.SETTINGS);
        io.tdwarehouse.cli.config.ConfigOptions.addTo(cl.getSubcommands().get("check").getCommandSpec(), CheckCommand.SETTINGS);
        io.tdwarehouse.cli.config.ConfigOptions.addTo(cl.getSubcommands().get("discover").getCommandSpec(), DiscoverCommand.SETTINGS);
        cl.setExitCodeExceptionMapper(new ExitCodes());
        // the list is declared once, in ExitCodes (the README is checked against it too)
        java.util.Map<String, String> exitCodes = new java.util.LinkedHashMap<>();
        for (String entry : ExitCodes.LIST) {
            int colon = entry.indexOf(':');
            exitCodes.put(entry.substring(0, colon), entry.substring(colon + 1));
        }
        cl.getCommandSpec().usageMessage().exitCodeList(exitCodes);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // one line, no stack trace: messages are written to be read by the person running the job
            commandLine.getErr().println("error: " + e.getMessage());
            return new ExitCodes().getExitCode(e);
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
