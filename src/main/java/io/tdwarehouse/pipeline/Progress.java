package io.tdwarehouse.pipeline;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rows staged so far per entity set, in this JVM: read tasks add to it page by page, and the command line shows it
 * while a run goes on. (On a Flink cluster the tasks run in other JVMs; their progress is in Beam's metrics.)
 */
public final class Progress {
    private static final Map<String, AtomicLong> ROWS = new ConcurrentHashMap<>();

    private Progress() {
    }

    static void add(String entitySet, long rows) {
        ROWS.computeIfAbsent(entitySet, k -> new AtomicLong()).addAndGet(rows);
    }

    public static void reset() {
        ROWS.clear();
    }

    /** Entity set → rows staged so far. */
    public static Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        ROWS.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
