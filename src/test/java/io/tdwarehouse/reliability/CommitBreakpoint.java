package io.tdwarehouse.reliability;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.Method;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kill point that no lock can make: the instant before a JDBC COMMIT leaves the ETL process. The process runs
 * with a JDWP agent; the test sets a breakpoint on {@code PgConnection.commit()} and, each time any thread of the
 * ETL stops there (the whole VM suspended), asks a condition whether to SIGKILL now or to let the commit go.
 */
final class CommitBreakpoint {
    /** JVM options that make the process wait for this class to attach. */
    static final List<String> JVM_OPTIONS = List.of("-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=127.0.0.1:0");
    private static final Pattern LISTENING = Pattern.compile("Listening for transport dt_socket at address: (\\d+)");

    interface Decision {
        /** Called with the ETL suspended just before its n-th COMMIT: true to kill it there. */
        boolean killBeforeCommit(int n) throws Exception;
    }

    private CommitBreakpoint() {
    }

    /**
     * Attaches to the process (started with {@link #JVM_OPTIONS}), and kills it at the first commit the decision
     * picks. Returns how many commits it had let through, or -1 when the process ended without being killed.
     */
    static int killAt(EtlProcess etl, Path log, Decision decision, Duration timeout) throws Exception {
        String port = awaitPort(etl, log, timeout);
        AttachingConnector connector = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(c -> c.transport().name().equals("dt_socket")).findFirst().orElseThrow();
        Map<String, Connector.Argument> args = connector.defaultArguments();
        args.get("hostname").setValue("127.0.0.1");
        args.get("port").setValue(port);
        VirtualMachine vm = connector.attach(args);
        ClassPrepareRequest prepare = vm.eventRequestManager().createClassPrepareRequest();
        prepare.addClassFilter("org.postgresql.jdbc.PgConnection");
        prepare.setSuspendPolicy(EventRequest.SUSPEND_ALL);
        prepare.enable();
        vm.resume();
        long deadline = System.nanoTime() + timeout.toNanos();
        int commits = 0;
        while (System.nanoTime() < deadline) {
            EventSet events = vm.eventQueue().remove(1_000);
            if (events == null) {
                continue;
            }
            for (Event e : events) {
                if (e instanceof ClassPrepareEvent cp) {
                    breakOnCommit(vm, cp.referenceType());
                } else if (e instanceof BreakpointEvent) {
                    commits++;
                    if (decision.killBeforeCommit(commits)) {
                        etl.killHard(); // the VM is suspended inside commit(): the COMMIT was never sent
                        return commits - 1;
                    }
                } else if (e instanceof VMDeathEvent || e instanceof VMDisconnectEvent) {
                    return -1;
                }
            }
            events.resume();
        }
        throw new AssertionError("no kill within " + timeout + ":\n" + etl.logTail(30));
    }

    private static void breakOnCommit(VirtualMachine vm, ReferenceType type) {
        for (Method m : type.methodsByName("commit")) {
            if (m.argumentTypeNames().isEmpty() && !m.isAbstract()) {
                BreakpointRequest bp = vm.eventRequestManager().createBreakpointRequest(m.location());
                bp.setSuspendPolicy(EventRequest.SUSPEND_ALL);
                bp.enable();
            }
        }
    }

    private static String awaitPort(EtlProcess etl, Path log, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
                if (m.find()) {
                    return m.group(1);
                }
            }
            if (!etl.isAlive()) {
                throw new AssertionError("the process ended before its debug agent listened:\n" + etl.logTail(20));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no JDWP port within " + timeout);
    }
}
