package io.cqkd.phases.refresh;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.routing.NodeState;
import io.cqkd.dht.routing.RoutingEntry;
import io.cqkd.wire.BDict;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Phase 5's care of the entries gone quiet (unheard for longer than the interval): a refresh lookup
 * fills a bucket with live nodes but never asks the old entries, so a departed peer would stay until
 * something else called it. An entry whose bucket has a replacement heard within the interval gives
 * it its place at once, with no call — a node just heard is live, one quiet for the interval may not
 * be. The others are pinged, the quietest first (go-libp2p's ping-and-evict), and one the liveness
 * policy then holds bad is evicted. Confined to the node's loop.
 */
final class QuietEntries {
    /**
     * Quiet entries pinged per tick: at most 0.8 pings a second. At one lookup per node a minute,
     * pinging every quiet entry (before replacements took their places) was a third of all calls.
     */
    static final int PINGS_PER_TICK = 4;

    private final DhtNode node;
    private final RefreshCounters counters;
    private final RefreshOptimiser optimiser;
    private final Set<NodeId> pinging = new HashSet<>();
    private boolean displacing;

    QuietEntries(DhtNode node, RefreshCounters counters, RefreshOptimiser optimiser) {
        this.node = node;
        this.counters = counters;
        this.optimiser = optimiser;
    }

    /**
     * Whether an eviction under way is a quiet entry giving its place to a fresher replacement: not a
     * departure (no leaver to ask after, no sign of a partition).
     */
    boolean displacing() {
        return displacing;
    }

    /** One tick's care of {@code silent} (quietest first), against {@code interval}. */
    void tend(List<RoutingEntry> silent, long nowNanos, Duration interval) {
        int pinged = 0;
        for (RoutingEntry e : silent) {
            if (pinging.contains(e.id())) {
                continue;
            }
            int bucket = node.id().bucketIndexOf(e.id());
            if (nowNanos - node.routingTable().newestReplacementHeardNanos(bucket) < interval.toNanos()) {
                counters.silentReplaced();
                displacing = true;
                try {
                    node.control().evict(e.contact());
                } finally {
                    displacing = false;
                }
            } else if (pinged++ < PINGS_PER_TICK) {
                ping(e.contact(), nowNanos);
            }
        }
    }

    private void ping(Contact peer, long nowNanos) {
        pinging.add(peer.id());
        counters.silentPinged();
        optimiser.pinged(nowNanos);
        node.query(peer, "ping", BDict.empty()).whenComplete((answer, error) -> {
            pinging.remove(peer.id());
            RoutingEntry e = node.routingTable().entry(peer.id());
            long now = node.clock().nanoTime();
            if (error != null && e != null && e.address().equals(peer.address())
                    && node.routingTable().stateOf(e, now) == NodeState.BAD) {
                counters.silentEvicted();
                node.control().evict(peer);
            }
        });
    }
}
