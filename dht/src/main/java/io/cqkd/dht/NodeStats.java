package io.cqkd.dht;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one node did, counted by kind and low-cardinality label (method, drop reason, error code).
 * Written on the node's loop, readable from any thread (metrics exporters, tests, reports).
 */
public final class NodeStats {
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final DhtObserver observer;

    public NodeStats(DhtObserver observer) {
        this.observer = observer;
    }

    public NodeStats() {
        this(DhtObserver.NONE);
    }

    public void packetReceived() {
        add("packets.received");
    }

    /** A datagram or answer thrown away; {@code reason} is a short fixed label such as "oversize". */
    public void dropped(String reason) {
        add("dropped." + reason);
        observer.packetDropped(reason);
    }

    public void queryReceived(String method) {
        add("queries.received." + method);
        observer.queryReceived(method);
    }

    public void errorSent(int code) {
        add("errors.sent." + code);
    }

    public void rpcSent(String method) {
        add("rpc.sent." + method);
        observer.rpcSent(method);
    }

    public void rpcAnswered(String method, long rttNanos) {
        add("rpc.answered." + method);
        observer.rpcAnswered(method, rttNanos);
    }

    public void rpcTimedOut(String method) {
        add("rpc.timeout." + method);
        observer.rpcFailed(method, "timeout");
    }

    public void rpcErrorReceived(String method) {
        add("rpc.error." + method);
        observer.rpcFailed(method, "error");
    }

    /** An answer came after its call had timed out: the peer was alive, the timeout too short (a false timeout). */
    public void rpcAnsweredLate(String method, long rttNanos) {
        add("rpc.late." + method);
        observer.rpcAnsweredLate(method, rttNanos);
    }

    public void rpcRejected(String method) {
        add("rpc.rejected");
        observer.rpcFailed(method, "rejected");
    }

    public void lookupDone(boolean converged, int hops) {
        add(converged ? "lookups.done" : "lookups.failed");
        observer.lookupDone(converged, hops);
    }

    public void bootstrapDone(boolean succeeded, long durationNanos) {
        add(succeeded ? "bootstrap.succeeded" : "bootstrap.failed");
        observer.bootstrapDone(succeeded, durationNanos);
    }

    public void event(String name) {
        add(name);
        observer.event(name);
    }

    public long get(String name) {
        LongAdder a = counters.get(name);
        return a == null ? 0 : a.sum();
    }

    /** Sum of every counter whose name starts with {@code prefix}. */
    public long sum(String prefix) {
        long total = 0;
        for (var e : counters.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                total += e.getValue().sum();
            }
        }
        return total;
    }

    public long droppedTotal() {
        return sum("dropped.");
    }

    /** A sorted copy of every counter, for reports and debugging. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private void add(String name) {
        LongAdder counter = counters.get(name); // the common case: no lambda, no locking
        if (counter == null) {
            counter = counters.computeIfAbsent(name, n -> new LongAdder());
        }
        counter.increment();
    }
}
