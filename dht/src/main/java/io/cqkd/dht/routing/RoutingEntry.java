package io.cqkd.dht.routing;

import io.cqkd.dht.NodeState;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.net.InetSocketAddress;

/** What the routing table knows of one node: when it last answered or called, and its failures. */
public final class RoutingEntry {
    private final Contact contact;
    private long lastActivityNanos;
    private int consecutiveFailures;
    private long rttNanos = -1;

    RoutingEntry(Contact contact, long respondedAtNanos) {
        this.contact = contact;
        this.lastActivityNanos = respondedAtNanos;
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

    public NodeState state(long nowNanos, long questionableAfterNanos, int maxFailures) {
        if (consecutiveFailures >= maxFailures) {
            return NodeState.BAD;
        }
        return nowNanos - lastActivityNanos <= questionableAfterNanos ? NodeState.GOOD : NodeState.QUESTIONABLE;
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
