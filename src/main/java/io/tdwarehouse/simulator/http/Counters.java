package io.tdwarehouse.simulator.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the simulator served, for tests and benchmarks: requests and rows per entity set, responses per status. */
public final class Counters {
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rows = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();

    void request(String resource) {
        requests.computeIfAbsent(resource, k -> new LongAdder()).increment();
    }

    void rows(String entitySet, long n) {
        rows.computeIfAbsent(entitySet, k -> new LongAdder()).add(n);
    }

    void status(int status) {
        statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
    }

    /** Requests per resource: an entity set's name, {@code $metadata} or {@code $service}. */
    public long requests(String resource) {
        LongAdder a = requests.get(resource);
        return a == null ? 0 : a.sum();
    }

    public long rows(String entitySet) {
        LongAdder a = rows.get(entitySet);
        return a == null ? 0 : a.sum();
    }

    public long responses(int status) {
        LongAdder a = statuses.get(status);
        return a == null ? 0 : a.sum();
    }

    public void reset() {
        requests.clear();
        rows.clear();
        statuses.clear();
    }

    /** A JSON-ready snapshot. */
    public Map<String, Object> snapshot() {
        Map<String, Object> out = new TreeMap<>();
        out.put("requests", sums(requests));
        out.put("rows", sums(rows));
        Map<String, Long> byStatus = new TreeMap<>();
        statuses.forEach((k, v) -> byStatus.put(String.valueOf(k), v.sum()));
        out.put("responses", byStatus);
        return out;
    }

    private static Map<String, Long> sums(Map<String, LongAdder> adders) {
        Map<String, Long> out = new TreeMap<>();
        adders.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
