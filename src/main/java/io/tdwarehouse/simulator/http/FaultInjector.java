package io.tdwarehouse.simulator.http;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Faults waiting to hit entity-set requests, each consumed as it hits. */
public final class FaultInjector {
    private static final class Pending {
        final Fault fault;
        int toSkip;
        int remaining;

        Pending(Fault fault) {
            this.fault = fault;
            this.toSkip = fault.afterRequests();
            this.remaining = fault.count();
        }
    }

    private final List<Pending> pending = new ArrayList<>();

    public synchronized void add(Fault fault) {
        pending.add(new Pending(fault));
    }

    public synchronized void clear() {
        pending.clear();
    }

    public synchronized List<Fault> pending() {
        return pending.stream().map(p -> p.fault).toList();
    }

    /** The fault that hits this request to {@code entitySet}, if any (the first added that matches). */
    synchronized Fault next(String entitySet) {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.fault.entitySet() != null && !p.fault.entitySet().equals(entitySet)) {
                continue;
            }
            if (p.toSkip > 0) {
                p.toSkip--;
                continue;
            }
            if (--p.remaining == 0) {
                it.remove();
            }
            return p.fault;
        }
        return null;
    }
}
