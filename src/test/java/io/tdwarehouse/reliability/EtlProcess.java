package io.tdwarehouse.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The ETL as a user runs it, {@code java -jar topdesk-warehouse.jar run}, in a process of its own that a test can
 * SIGKILL at any moment. Its output goes to a file (never a pipe that could fill up and stall it).
 */
final class EtlProcess implements AutoCloseable {
    /** 128 + SIGKILL (9): how a process killed with SIGKILL ends, as Java reports it on Linux. */
    static final int SIGKILL_EXIT = 137;
    static final String JAR = System.getenv().getOrDefault("SIMULATOR_JAR", "target/topdesk-warehouse.jar");

    private final Process process;
    private final Path log;
    private final long startedNanos = System.nanoTime();

    private EtlProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * JVM options of the killed processes: only JIT and GC choices, which change no code path of the ETL. C1 alone
     * halves the CPU a short run spends compiling (full load of this test: 14 s instead of 27 s of CPU, measured), and
     * these tests start some twenty JVMs on what may be a two-core machine.
     */
    static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    static EtlProcess start(Map<String, String> env, Path log, String... args) throws IOException {
        return start(env, log, List.of(), args);
    }

    static EtlProcess start(Map<String, String> env, Path log, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(JVM_OPTIONS);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new EtlProcess(pb.start(), log);
    }

    private static String javaBinary() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString() : "java";
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Duration age() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** SIGKILL (Process.destroyForcibly on Linux): no shutdown hook, no finally block, no socket closed politely. */
    int killHard() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("process " + process.pid() + " survived SIGKILL for 30 s");
        }
        return process.exitValue();
    }

    /** Waits for the process to end; its exit code, or -1 on timeout (then it is killed). */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            return -1;
        }
        return process.exitValue();
    }

    Integer exitValueIfEnded() {
        return process.isAlive() ? null : process.exitValue();
    }

    /** The last lines of its output, for failure messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
