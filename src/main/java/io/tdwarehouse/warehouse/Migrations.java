package io.tdwarehouse.warehouse;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings the warehouse schema up to date with the migrations of sql/ (packaged as db/migration). */
public final class Migrations {
    private Migrations() {
    }

    public static Flyway flyway(WarehouseSettings settings) {
        return Flyway.configure()
                .dataSource(settings.jdbcUrl(), settings.username(), settings.password() == null ? null : settings.password().reveal())
                .locations("classpath:db/migration")
                .schemas("etl", "dw", "bi", "staging")
                .defaultSchema("etl")
                .table("flyway_schema_history")
                .load();
    }

    /** Applies pending migrations; returns how many. */
    public static int migrate(WarehouseSettings settings) {
        MigrateResult result = flyway(settings).migrate();
        return result.migrationsExecuted;
    }

    /** Pending migrations (0 when the warehouse is current). */
    public static int pending(WarehouseSettings settings) {
        return flyway(settings).info().pending().length;
    }
}
