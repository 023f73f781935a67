package io.cqkd.dht;

import io.cqkd.dht.async.OnLoop;
import io.cqkd.transport.Cancellable;
import io.cqkd.wire.krpc.Contact;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * The levers the scaling phases pull on one node: its policies, its events, the eviction of a peer
 * declared dead, a refresh of chosen buckets, and its load. Applications use {@link DhtNode}; the
 * phases use this. Each method that changes the node runs on its loop and may be called from any
 * thread; the read-only ones say where they may be read.
 */
public final class NodeControl {
    private final NodeContext node;
    private final OutboundCalls calls;
    private final BucketRefresher refresher;

    NodeControl(NodeContext node, OutboundCalls calls, BucketRefresher refresher) {
        this.node = node;
        this.calls = calls;
        this.refresher = refresher;
    }

    /** The policies in force; read on the node's loop. */
    public NodePolicies policies() {
        return node.policies();
    }

    /**
     * Replaces the policies in force with {@code change} applied to them, on the node's loop (a phase
     * flag flipped at run time); calls and lookups started from then on use the new ones.
     */
    public CompletableFuture<NodePolicies> usePolicies(UnaryOperator<NodePolicies> change) {
        return OnLoop.get(node.scheduler, () -> {
            node.usePolicies(change.apply(node.policies()));
            return node.policies();
        });
    }

    /** Tells {@code subscriber} what happens to this node from now on; cancel the result (any thread) to stop. */
    public CompletableFuture<Cancellable> subscribe(NodeEvents subscriber) {
        return OnLoop.get(node.scheduler, () -> {
            Cancellable onLoop = node.events.subscribe(subscriber);
            return () -> OnLoop.run(node.scheduler, onLoop::cancel);
        });
    }

    /**
     * Takes {@code peer} out of the routing table at once, its place given to a replacement if there
     * is one (a health check declared it dead); completes with whether it was there.
     */
    public CompletableFuture<Boolean> evict(Contact peer) {
        return OnLoop.get(node.scheduler, () -> {
            boolean evicted = node.table.evict(peer.id(), peer.address(), node.now());
            node.tableChanged();
            return evicted;
        });
    }

    /** Refreshes {@code buckets} now, one lookup each (event-driven refresh); completes with how many. */
    public CompletableFuture<Integer> refreshBuckets(List<Integer> buckets) {
        List<Integer> copy = new ArrayList<>(buckets);
        return OnLoop.call(node.scheduler, () -> refresher.refreshAll(copy, copy.isEmpty() ? 1 : copy.size()));
    }

    /** Calls awaiting their answer now, of at most {@code maxOutstandingRpcs}; read on the node's loop. */
    public int callsInFlight() {
        return calls.inFlight();
    }
}
