package io.cqkd.dht.routing;

import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.net.InetSocketAddress;

/** What the routing table knows of one node: when it last answered or called, and its failures. */
public final class RoutingEntry {
    private final Contact contact;
    private long lastActivityNanos;
    private int consecutiveFailures;
    private long rttNanos = -1;

    private RoutingEntry(Contact contact, long respondedAtNanos) {
        this.contact = contact;
        this.lastActivityNanos = respondedAtNanos;
    }

    /** An entry for a node that has just answered us ({@code rttNanos} -1 when unmeasured). */
    static RoutingEntry answered(Contact contact, long nowNanos, long rttNanos) {
        RoutingEntry entry = new RoutingEntry(contact, nowNanos);
        entry.responded(nowNanos, rttNanos);
        return entry;
    }

    public Contact contact() {
        return contact;
    }

    public NodeId id() {
        return contact.id();
    }

    public InetSocketAddress address() {
        return contact.address();
    }

    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** Smoothed round-trip time of this node's answers, or -1 before the first one. */
    public long rttNanos() {
        return rttNanos;
    }

    void responded(long nowNanos, long rtt) {
        lastActivityNanos = nowNanos;
        consecutiveFailures = 0;
        if (rtt >= 0) {
            rttNanos = rttNanos < 0 ? rtt : (7 * rttNanos + rtt) / 8; // same smoothing as TCP's SRTT
        }
    }

    /**
     * A query from a node that has answered us before keeps it good (BEP 5). Every entry has
     * answered at least once (verified insertion), so any query counts.
     */
    void queried(long nowNanos) {
        lastActivityNanos = nowNanos;
    }

    void failed() {
        consecutiveFailures++;
    }

    @Override
    public String toString() {
        return contact + " failures=" + consecutiveFailures;
    }
}
