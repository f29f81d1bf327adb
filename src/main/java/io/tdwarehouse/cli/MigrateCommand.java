package io.tdwarehouse.cli;

import io.tdwarehouse.cli.config.ConfigOptions;
import io.tdwarehouse.cli.config.Setting;
import io.tdwarehouse.warehouse.Migrations;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Creates or updates the warehouse schema (Flyway migrations of sql/). 'run' does this too.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:success", "2:usage error", "4:warehouse error"},
        footer = {"%nExample:", "  WAREHOUSE_JDBC_URL=jdbc:postgresql://db:5432/warehouse WAREHOUSE_USERNAME=etl \\",
            "  WAREHOUSE_PASSWORD_FILE=/run/secrets/pw topdesk-warehouse migrate"})
final class MigrateCommand implements Callable<Integer> {
    static final Set<Setting> SETTINGS = EnumSet.of(Setting.WAREHOUSE_JDBC_URL, Setting.WAREHOUSE_USERNAME,
            Setting.WAREHOUSE_PASSWORD_FILE);

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() {
        int applied = Migrations.migrate(config.resolve().warehouse());
        System.out.println("warehouse is up to date (" + applied + " migrations applied now)");
        return ExitCodes.OK;
    }
}
