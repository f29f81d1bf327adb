package io.tdwarehouse.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code topdesk-warehouse} command line. */
@Command(name = "topdesk-warehouse", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Loads TOPdesk's Reporting API (OData v4) into a PostgreSQL star schema.",
        subcommands = {RunCommand.class, MigrateCommand.class, SimulateCommand.class, DemoCommand.class, StatusCommand.class, CheckCommand.class, DiscoverCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:an unexpected failure (the message says what)",
            "2:usage error: unknown option, bad value, missing setting",
            "3:TOPdesk unreachable, or it refused the credentials (401) or the permission (403)",
            "4:warehouse unreachable, or a database error",
            "5:more rows rejected than the threshold allows",
            "6:another run holds the warehouse's run lock",
            "7:the pipeline definition does not match the tenant's $metadata or the warehouse"})
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
