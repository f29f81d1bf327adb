package io.tdwarehouse.cli;

import io.tdwarehouse.pipeline.Progress;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Shows a run's progress: per entity set rows and rows/s. On a terminal a live line rewritten in place; otherwise
 * (cron, systemd, Kubernetes logs) a plain line every {@code interval} seconds.
 */
final class ProgressReporter implements AutoCloseable {
    private final PrintWriter out;
    private final boolean terminal;
    private final long intervalMillis;
    private final Thread thread;
    private final long start = System.nanoTime();
    private volatile boolean running = true;

    ProgressReporter(PrintWriter out, boolean terminal, long intervalMillis) {
        this.out = out;
        this.terminal = terminal;
        this.intervalMillis = intervalMillis;
        Progress.reset();
        this.thread = new Thread(this::loop, "progress");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    static ProgressReporter forConsole(PrintWriter err) {
        boolean terminal = System.console() != null;
        return new ProgressReporter(err, terminal, terminal ? 500 : 10_000);
    }

    private void loop() {
        Map<String, Long> last = new HashMap<>();
        long lastAt = System.nanoTime();
        while (running) {
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
            Map<String, Long> now = Progress.snapshot();
            long at = System.nanoTime();
            double seconds = Math.max(1e-3, (at - lastAt) / 1e9);
            String line = now.entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(e -> String.format("%s %,d (%,.0f/s)", e.getKey(), e.getValue(),
                            (e.getValue() - last.getOrDefault(e.getKey(), 0L)) / seconds))
                    .collect(Collectors.joining(", "));
            last.clear();
            last.putAll(now);
            lastAt = at;
            if (line.isEmpty()) {
                continue;
            }
            String text = String.format("[%.0fs] rows staged: %s", (at - start) / 1e9, line);
            if (terminal) {
                int width = 160;
                out.print("\r" + (text.length() > width ? text.substring(0, width - 1) + "…" : text) + "\u001b[K");
            } else {
                out.println(text);
            }
            out.flush();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        if (terminal) {
            out.print("\r\u001b[K");
            out.flush();
        }
    }
}
