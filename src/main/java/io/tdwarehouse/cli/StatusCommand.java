package io.tdwarehouse.cli;

import io.tdwarehouse.cli.config.ConfigOptions;
import io.tdwarehouse.cli.config.Setting;
import io.tdwarehouse.warehouse.Migrations;
import io.tdwarehouse.warehouse.WarehouseException;
import io.tdwarehouse.warehouse.WarehouseSettings;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows the last runs and, per entity set, its watermark, lag, rows and last error.",
            "Reads only the warehouse (no TOPdesk settings are needed): the last runs (when, how long, full or "
                + "incremental, how they ended, the first line of a failure's error) and, per entity set, its watermark "
                + "(the greatest modificationDate loaded), how far the warehouse lags behind it (now - watermark), the rows "
                + "read, written and rejected by the last run that read it, and the last error that concerned it."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:success (also when no run happened yet)", "1:unexpected failure", "2:usage error",
            "4:warehouse unreachable, not migrated, or a database error"},
        footer = {"%nExamples:",
            "  export WAREHOUSE_JDBC_URL=jdbc:postgresql://db:5432/warehouse",
            "  export WAREHOUSE_USERNAME=etl WAREHOUSE_PASSWORD_FILE=/run/secrets/pw",
            "  topdesk-warehouse status",
            "  topdesk-warehouse status --runs 20"})
final class StatusCommand implements Callable<Integer> {
    static final Set<Setting> SETTINGS = EnumSet.of(Setting.WAREHOUSE_JDBC_URL, Setting.WAREHOUSE_USERNAME,
            Setting.WAREHOUSE_PASSWORD_FILE);
    private static final int ERROR_WIDTH = 100;

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5", description = "How many of the last runs to show (default: ${DEFAULT-VALUE}).")
    int runs;

    record Run(long id, Instant started, Instant finished, String mode, String outcome, String error) {
    }

    /** An entity set: its watermark and its latest row in etl.run_entity_sets (with that run's error, if it failed). */
    record EntitySet(String name, String table, Instant watermark, Long runId, String readMode, long read, long written,
                     long rejected, String outcome, String runError) {
    }

    @Override
    public Integer call() {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be 1 or more, was " + runs);
        }
        WarehouseSettings warehouse = config.resolve().warehouse();
        PrintWriter out = spec.commandLine().getOut();
        List<Run> lastRuns;
        List<EntitySet> sets;
        Run lastRefusal;
        try (Connection conn = connect(warehouse)) {
            requireMigrated(conn, warehouse);
            lastRuns = runs(conn, runs);
            sets = entitySets(conn);
            lastRefusal = lastRefusal(conn);
        } catch (SQLException e) {
            throw new WarehouseException("reading the warehouse at " + warehouse.redactedUrl() + " failed: " + e.getMessage(), e);
        }
        Instant now = Instant.now();
        out.println("Warehouse " + warehouse.redactedUrl() + (warehouse.username() == null ? "" : " (user " + warehouse.username() + ")")
                + "; times in UTC");
        int pending = pendingMigrations(warehouse);
        if (pending > 0) {
            out.println("note: " + pending + " migration" + (pending == 1 ? " is" : "s are") + " pending; run 'topdesk-warehouse migrate' "
                    + "(or the next 'run' applies " + (pending == 1 ? "it" : "them") + ")");
        }
        out.println();
        if (lastRuns.isEmpty()) {
            out.println("no runs yet: 'topdesk-warehouse run' loads the warehouse (the first run is a full load)");
            out.flush();
            return ExitCodes.OK;
        }
        out.println("Last " + (lastRuns.size() == 1 ? "run" : lastRuns.size() + " runs") + " (newest first):");
        TextTable runTable = new TextTable(">run", "started", ">duration", "mode", "outcome", "error");
        for (Run r : lastRuns) {
            Duration took = Duration.between(r.started(), r.finished() == null ? now : r.finished());
            runTable.row(r.id(), TextTable.utc(r.started()), TextTable.duration(took) + (r.finished() == null ? "+" : ""),
                    r.mode(), r.outcome(), r.error() == null ? "" : TextTable.firstLine(r.error(), ERROR_WIDTH));
        }
        out.print(runTable);
        out.println();
        if (sets.isEmpty()) {
            out.println("no entity set recorded yet: no run got as far as reading one");
            out.flush();
            return ExitCodes.OK;
        }
        out.println("Entity sets (watermark: greatest modificationDate loaded; lag: now - watermark; rows: of the last run that read the set):");
        TextTable setTable = new TextTable("entity set", "table", "watermark", ">lag", ">last run", "read as", ">rows read",
                ">written", ">rejected", "outcome", "last error");
        Map<Long, String> errors = new TreeMap<>(Comparator.reverseOrder());
        for (EntitySet s : sets) {
            // a run refused before it planned (TOPdesk, definition) records no entity sets but concerned them all
            boolean refusedSince = lastRefusal != null && (s.runId() == null || lastRefusal.id() > s.runId());
            String outcome = s.outcome() == null ? "-" : s.outcome();
            String lastError = "-";
            if (refusedSince) {
                outcome += ", then run " + lastRefusal.id() + " failed";
                lastError = "run " + lastRefusal.id();
                errors.put(lastRefusal.id(), lastRefusal.error());
            } else if ("failed".equals(s.outcome())) {
                lastError = "run " + s.runId();
                errors.put(s.runId(), s.runError());
            }
            setTable.row(s.name(), s.table(), TextTable.utc(s.watermark()),
                    s.watermark() == null ? "-" : TextTable.duration(Duration.between(s.watermark(), now)),
                    s.runId(), s.readMode(), s.runId() == null ? "-" : s.read(), s.runId() == null ? "-" : s.written(),
                    s.runId() == null ? "-" : s.rejected(), outcome, lastError);
        }
        out.print(setTable);
        if (!errors.isEmpty()) {
            out.println();
            out.println("Last errors:");
            errors.forEach((run, error) -> out.println("  run " + run + ": " + TextTable.firstLine(error, 1000)));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static Connection connect(WarehouseSettings warehouse) {
        try {
            return warehouse.connect();
        } catch (SQLException e) {
            throw new WarehouseException("cannot reach the warehouse at " + warehouse.redactedUrl() + ": " + e.getMessage(), e);
        }
    }

    private static void requireMigrated(Connection conn, WarehouseSettings warehouse) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT t, to_regclass(t) IS NULL FROM unnest(ARRAY['etl.runs', "
                     + "'etl.run_entity_sets', 'etl.watermarks']) AS t")) {
            while (rs.next()) {
                if (rs.getBoolean(2)) {
                    missing.add(rs.getString(1));
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new WarehouseException("the warehouse at " + warehouse.redactedUrl() + " is not migrated (" + String.join(", ", missing)
                    + (missing.size() == 1 ? " does" : " do") + " not exist): run 'topdesk-warehouse migrate' to create its schema, "
                    + "or check that this is the warehouse's JDBC URL");
        }
    }

    /** Pending migrations, or 0 when Flyway cannot tell (status does not fail on that: the tables it reads are there). */
    private static int pendingMigrations(WarehouseSettings warehouse) {
        try {
            return Migrations.pending(warehouse);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static List<Run> runs(Connection conn, int limit) throws SQLException {
        List<Run> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT run_id, started_at, finished_at, mode, outcome, error "
                + "FROM etl.runs ORDER BY run_id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Run(rs.getLong(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3)), rs.getString(4),
                            rs.getString(5), rs.getString(6)));
                }
            }
        }
        return out;
    }

    /** The newest failed run that recorded no entity set: it failed before it planned any (TOPdesk, the definition). */
    private static Run lastRefusal(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT run_id, started_at, finished_at, mode, outcome, error FROM etl.runs r "
                     + "WHERE outcome = 'failed' AND NOT EXISTS (SELECT 1 FROM etl.run_entity_sets s WHERE s.run_id = r.run_id) "
                     + "ORDER BY run_id DESC LIMIT 1")) {
            return rs.next() ? new Run(rs.getLong(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3)), rs.getString(4),
                    rs.getString(5), rs.getString(6)) : null;
        }
    }

    /** Every entity set a run recorded or that has a watermark: its watermark and its last recorded run. */
    private static List<EntitySet> entitySets(Connection conn) throws SQLException {
        List<EntitySet> out = new ArrayList<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("WITH last AS (SELECT DISTINCT ON (entity_set) entity_set, target_table, run_id, "
                     + "read_mode, rows_read, rows_written, rows_rejected, outcome FROM etl.run_entity_sets ORDER BY entity_set, run_id DESC) "
                     + "SELECT coalesce(l.entity_set, w.entity_set) AS entity_set, l.target_table, w.watermark, l.run_id, "
                     + "l.read_mode, l.rows_read, l.rows_written, l.rows_rejected, l.outcome, r.error "
                     + "FROM last l FULL JOIN etl.watermarks w ON w.entity_set = l.entity_set "
                     + "LEFT JOIN etl.runs r ON r.run_id = l.run_id "
                     + "ORDER BY l.target_table LIKE 'fact%', l.target_table, entity_set")) {
            while (rs.next()) {
                long runId = rs.getLong(4);
                boolean hasRun = !rs.wasNull();
                out.add(new EntitySet(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3)), hasRun ? runId : null,
                        rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getString(9), rs.getString(10)));
            }
        }
        return out;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
