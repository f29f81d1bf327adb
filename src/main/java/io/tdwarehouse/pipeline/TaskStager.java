package io.tdwarehouse.pipeline;

import io.tdwarehouse.definition.SqlIdentifier;
import io.tdwarehouse.source.PageParser;
import io.tdwarehouse.source.RawRow;
import io.tdwarehouse.source.ReportingApiClient;
import io.tdwarehouse.warehouse.BinaryCopyRows;
import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Runs one {@link ReadTask}: reads its pages and COPYs the rows into staging, in one transaction that first
 * removes whatever an earlier attempt of the same task staged (runners retry bundles). A page enters the COPY
 * only once it has been read completely, so a page that breaks off and is read again never doubles rows.
 * Memory is bounded by a page (plus, for a fact read incrementally, the ids whose details to fetch).
 */
final class TaskStager {
    /** Ids per details request: keeps the URL of {@code id eq … or id eq …} under ~3.5 KB, which servers and proxies accept. */
    static final int IDS_PER_DETAILS_REQUEST = 64;
    /** Details requests of one task under way at once. */
    static final int DETAILS_REQUESTS_IN_FLIGHT = 4;

    private final RunContext ctx;
    private final ReportingApiClient client;

    /** What a task did. */
    record Stats(long rowsRead, long rowsStaged, long rejected, long dangling, long requests, long millis) {
    }

    TaskStager(RunContext ctx, ReportingApiClient client) {
        this.ctx = ctx;
        this.client = client;
    }

    Stats run(ReadTask task, KeyMaps keys, Connection conn) throws SQLException {
        long start = System.nanoTime();
        long requestsBefore = client.requests();
        StagingLayout layout = ctx.layout(task.table(), task.part());
        String staging = ctx.stagingTable(task.table(), task.part());
        conn.setAutoCommit(false);
        try {
            forgetEarlierAttempt(conn, task, staging);
            CopyManager copy = conn.unwrap(PGConnection.class).getCopyAPI();
            ColumnLimits limits = ColumnLimits.read(conn, task.table());
            PageSink main = new PageSink(layout, keys, task.taskId(), limits, task.detailsById() ? new LinkedHashSet<>() : null);
            URI first = client.entitySetUrl(layout.entitySet(), layout.properties(), task.filter());
            copyPages(copy, staging, layout, first, main);
            writeRejects(conn, task, layout.entitySet(), main.rejects);
            if (task.part() == ReadTask.Part.MAIN && ctx.table(task.table()).kind() == io.tdwarehouse.definition.TableDefinition.Kind.DIMENSION) {
                SurrogateKeys.assign(conn, ctx.table(task.table()), staging, task.taskId());
            }
            long requestsMain = client.requests() - requestsBefore;
            if (task.detailsById() && !main.ids.isEmpty()) {
                long detailsStart = System.nanoTime();
                StagingLayout detailsLayout = ctx.layout(task.table(), ReadTask.Part.DETAILS);
                PageSink details = stageDetailsById(conn, copy, task, keys, limits, detailsLayout, changedIds(conn, task, staging));
                writeRejects(conn, task, detailsLayout.entitySet(), details.rejects);
                writeStats(conn, task, detailsLayout.entitySet(), new Stats(details.rowsRead, details.rowsStaged,
                        details.rejects.size(), 0, client.requests() - requestsBefore - requestsMain,
                        (System.nanoTime() - detailsStart) / 1_000_000));
            }
            Stats stats = new Stats(main.rowsRead, main.rowsStaged, main.rejects.size(), main.encoder.dangling(), requestsMain,
                    (System.nanoTime() - start) / 1_000_000);
            writeStats(conn, task, layout.entitySet(), stats);
            conn.commit();
            return stats;
        } catch (SQLException | RuntimeException e) {
            conn.rollback();
            throw e;
        }
    }

    /**
     * The ids of this task's rows that are new to the warehouse or changed since it last loaded them: only their
     * details can have changed (a card's brief description is part of the card). Rows re-read only because they
     * share the watermark's second, or fall inside the overlap, need no details request.
     */
    private List<String> changedIds(Connection conn, ReadTask task, String staging) throws SQLException {
        io.tdwarehouse.definition.TableDefinition table = ctx.table(task.table());
        String modified = table.columns().get(table.incremental());
        String id = SqlIdentifier.quote(table.idColumn());
        String sql = "SELECT DISTINCT s." + id + "::text FROM staging." + SqlIdentifier.quote(staging) + " s"
                + (modified == null ? "" : " LEFT JOIN dw." + SqlIdentifier.quote(table.table()) + " f ON f." + id + " = s." + id)
                + " WHERE s." + StagingLayout.TASK_COLUMN + " = " + task.taskId()
                + (modified == null ? "" : " AND (f." + id + " IS NULL OR f.is_deleted OR f." + SqlIdentifier.quote(modified)
                + " IS DISTINCT FROM s." + StagingLayout.MODIFIED_COLUMN + ")");
        List<String> ids = new ArrayList<>();
        try (var st = conn.createStatement(); var rs = st.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /**
     * Fetches the details of the given ids ({@code id eq … or …}, a few dozen per request) into details staging,
     * {@link #DETAILS_REQUESTS_IN_FLIGHT} requests at a time: an incremental run after 10,000 changed incidents
     * makes 157 such requests, each short, so waiting for them one by one was most of the task (0.9 s of 1.6 s).
     * Each request's pages enter the COPY whole, one at a time.
     */
    private PageSink stageDetailsById(Connection conn, CopyManager copy, ReadTask task, KeyMaps keys, ColumnLimits limits,
                                      StagingLayout detailsLayout, List<String> ids) throws SQLException {
        String detailsStaging = ctx.stagingTable(task.table(), ReadTask.Part.DETAILS);
        try (var st = conn.createStatement()) {
            st.execute("DELETE FROM staging." + SqlIdentifier.quote(detailsStaging) + " WHERE " + StagingLayout.TASK_COLUMN
                    + " = " + task.taskId());
        }
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += IDS_PER_DETAILS_REQUEST) {
            batches.add(ids.subList(i, Math.min(ids.size(), i + IDS_PER_DETAILS_REQUEST)));
        }
        PageSink details = new PageSink(detailsLayout, keys, task.taskId(), limits, null, 0); // totals only
        CopyIn in = startCopy(copy, detailsStaging, detailsLayout);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Math.min(DETAILS_REQUESTS_IN_FLIGHT, batches.size())), r -> {
                    Thread t = new Thread(r, "details-" + task.taskId());
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<java.util.concurrent.Future<PageSink>> fetched = new ArrayList<>();
            for (List<String> batch : batches) {
                String filter = batch.stream().map(id -> "id eq " + id).collect(Collectors.joining(" or "));
                URI url = client.entitySetUrl(detailsLayout.entitySet(), detailsLayout.properties(), filter);
                fetched.add(pool.submit(() -> {
                    // a request's page holds at most 64 rows: a small buffer (1 MB each for 157 requests was 157 MB of
                    // garbage, which grew the heap and the peak RSS by a third in an incremental run at 1M incidents)
                    PageSink sink = new PageSink(detailsLayout, keys, task.taskId(), limits, null, 64 << 10);
                    sink.target = in; // complete() writes a whole page under the CopyIn's lock
                    client.readAll(url, new PageParser(detailsLayout.properties()), sink);
                    return sink;
                }));
            }
            for (java.util.concurrent.Future<PageSink> f : fetched) {
                details.add(await(f));
            }
            endCopy(in);
        } finally {
            pool.shutdownNow();
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
        return details;
    }

    /** The result of a details request; what it threw, as it threw it. */
    private static PageSink await(java.util.concurrent.Future<PageSink> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching details", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    private void copyPages(CopyManager copy, String staging, StagingLayout layout, URI first, PageSink sink)
            throws SQLException {
        CopyIn in = startCopy(copy, staging, layout);
        try {
            sink.target = in;
            client.readAll(first, new PageParser(layout.properties()), sink);
            endCopy(in);
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /** A binary COPY into a staging table, its header written (see {@link BinaryCopyRows}). */
    private static CopyIn startCopy(CopyManager copy, String staging, StagingLayout layout) throws SQLException {
        CopyIn in = copy.copyIn(copySql(staging, layout));
        in.writeToCopy(BinaryCopyRows.HEADER, 0, BinaryCopyRows.HEADER.length);
        return in;
    }

    private static void endCopy(CopyIn in) throws SQLException {
        in.writeToCopy(BinaryCopyRows.TRAILER, 0, BinaryCopyRows.TRAILER.length);
        in.endCopy();
    }

    static String copySql(String staging, StagingLayout layout) {
        return "COPY staging." + SqlIdentifier.quote(staging) + " ("
                + layout.columns().stream().map(c -> SqlIdentifier.quote(c.name())).collect(Collectors.joining(", "))
                + ") FROM STDIN (FORMAT binary)";
    }

    private void forgetEarlierAttempt(Connection conn, ReadTask task, String staging) throws SQLException {
        try (var st = conn.createStatement()) {
            st.execute("DELETE FROM staging." + SqlIdentifier.quote(staging) + " WHERE " + StagingLayout.TASK_COLUMN
                    + " = " + task.taskId());
        }
        for (String table : new String[] {"etl.rejects", "etl.run_tasks"}) {
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM " + table + " WHERE run_id = ? AND task_id = ?")) {
                ps.setLong(1, ctx.runId());
                ps.setInt(2, task.taskId());
                ps.executeUpdate();
            }
        }
    }

    private void writeRejects(Connection conn, ReadTask task, String entitySet, List<Reject> rejects) throws SQLException {
        if (rejects.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO etl.rejects (run_id, task_id, entity_set, source_id,"
                + " property, raw_value, reason) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Reject r : rejects) {
                ps.setLong(1, ctx.runId());
                ps.setInt(2, task.taskId());
                ps.setString(3, entitySet);
                ps.setString(4, clean(r.sourceId()));
                ps.setString(5, r.property());
                ps.setString(6, clean(r.rawValue()));
                ps.setString(7, clean(r.reason()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Rejects keep the raw value for diagnosis; NUL, which PostgreSQL text cannot hold, is shown as \0. */
    private static String clean(String s) {
        return s == null ? null : s.replace("\0", "\\0");
    }

    private void writeStats(Connection conn, ReadTask task, String entitySet, Stats s) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO etl.run_tasks (run_id, task_id, entity_set, rows_read,"
                + " rows_staged, rows_rejected, dangling_references, http_requests, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, ctx.runId());
            ps.setInt(2, task.taskId());
            ps.setString(3, entitySet);
            ps.setLong(4, s.rowsRead());
            ps.setLong(5, s.rowsStaged());
            ps.setLong(6, s.rejected());
            ps.setLong(7, s.dangling());
            ps.setLong(8, s.requests());
            ps.setLong(9, s.millis());
            ps.executeUpdate();
        }
    }

    /** Encodes the rows of a page into a buffer that enters the COPY only when the page is complete. */
    private static final class PageSink implements ReportingApiClient.PageHandler {
        final StagingRowEncoder encoder;
        final BinaryCopyRows buffer;
        final List<Reject> rejects = new ArrayList<>();
        final List<Reject> pageRejects = new ArrayList<>();
        final Set<String> ids;
        final List<String> pageIds = new ArrayList<>();
        CopyIn target;
        long rowsRead;
        long rowsStaged;
        long pageRows;
        long pageStaged;

        PageSink(StagingLayout layout, KeyMaps keys, int taskId, ColumnLimits limits, Set<String> ids) {
            this(layout, keys, taskId, limits, ids, 1 << 20);
        }

        PageSink(StagingLayout layout, KeyMaps keys, int taskId, ColumnLimits limits, Set<String> ids, int bufferBytes) {
            this.encoder = new StagingRowEncoder(layout, keys, taskId, limits);
            this.buffer = new BinaryCopyRows(layout.columns().stream().map(c -> BinaryCopyRows.Type.of(c.sqlType())).toList(),
                    bufferBytes);
            this.ids = ids;
        }

        @Override
        public void row(RawRow row) {
            pageRows++;
            StagingRowEncoder.Result result = encoder.encode(row);
            if (result instanceof StagingRowEncoder.Encoded e) {
                try {
                    buffer.row(e.values(), e.bits());
                } catch (IllegalArgumentException bad) { // the encoder's own output: a bug, but one row's, not the run's
                    pageRejects.add(new Reject(e.values()[0], null, null, "the row cannot be written for COPY: " + bad.getMessage()));
                    return;
                }
                pageStaged++;
                if (ids != null) {
                    pageIds.add(e.values()[0]);
                }
            } else {
                pageRejects.add(((StagingRowEncoder.Rejected) result).reject());
            }
        }

        @Override
        public void complete() throws IOException {
            try {
                if (buffer.size() > 0) {
                    synchronized (target) { // details requests of a task share its COPY
                        target.writeToCopy(buffer.buffer(), 0, buffer.size());
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("COPY into staging failed: " + e.getMessage(), e);
            }
            rowsRead += pageRows;
            rowsStaged += pageStaged;
            Progress.add(encoder.entitySet(), pageRows);
            rejects.addAll(pageRejects);
            if (ids != null) {
                ids.addAll(pageIds);
            }
            discard();
        }

        /** Takes in what another sink of the same task staged. */
        void add(PageSink other) {
            rowsRead += other.rowsRead;
            rowsStaged += other.rowsStaged;
            rejects.addAll(other.rejects);
        }

        @Override
        public void discard() {
            buffer.reset();
            pageRejects.clear();
            pageIds.clear();
            pageRows = 0;
            pageStaged = 0;
        }
    }
}
