package io.tdwarehouse.warehouse;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/** Brings the warehouse schema up to date with the migrations of sql/ (packaged as db/migration). */
public final class Migrations {
    private Migrations() {
    }

    public static Flyway flyway(WarehouseSettings settings) {
        FluentConfiguration config = Flyway.configure()
                .dataSource(settings.jdbcUrl(), settings.username(), settings.password() == null ? null : settings.password().reveal())
                .locations("classpath:db/migration")
                .schemas("etl") // its history table's schema; V1 creates dw, bi and staging itself
                .defaultSchema("etl")
                .table("flyway_schema_history");
        // With its default transactional advisory lock, Flyway runs a migration on one connection and records it in
        // flyway_schema_history on another, committing the two one after the other: a process killed between those
        // COMMITs leaves the migration applied but unrecorded, and every later run applies it again and fails
        // ("relation ... already exists"; CrashSafetyIT). A session-level lock makes Flyway use a single connection,
        // where each migration commits together with its history row. The lock still ends with the session.
        config.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return config.load();
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
