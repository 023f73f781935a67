package io.cqkd.dht;

import io.cqkd.dht.async.Throttle;
import io.cqkd.wire.NodeId;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Verification pings: a node must answer one before it may enter the routing table. At most
 * {@code maxInFlight} pings at once; the nodes that arrive while all slots are busy wait in a bounded
 * queue (a burst of joiners at one bootstrap node is verified in turn instead of forgotten), those
 * beyond it are dropped and counted, and a node already waiting or being pinged is not queued twice.
 * Confined to the node's loop.
 */
final class Verifications {
    private final Throttle throttle;
    private final BiFunction<NodeId, InetSocketAddress, CompletableFuture<?>> ping;
    private final NodeStats stats;
    /** Nodes being pinged or waiting for a slot. */
    private final Set<NodeId> pending = new HashSet<>();

    /** {@code maxInFlight} 0 turns verification off: every request is dropped and counted. */
    Verifications(int maxInFlight, int maxWaiting, BiFunction<NodeId, InetSocketAddress, CompletableFuture<?>> ping,
                  NodeStats stats) {
        this.throttle = maxInFlight == 0 ? null : new Throttle(maxInFlight, maxWaiting);
        this.ping = ping;
        this.stats = stats;
    }

    void request(NodeId id, InetSocketAddress address) {
        if (pending.contains(id)) {
            return;
        }
        if (throttle == null || throttle.isFull()) {
            stats.dropped("verification-queue-full");
            return;
        }
        pending.add(id);
        throttle.submit(() -> ping.apply(id, address)).whenComplete((r, e) -> pending.remove(id));
    }
}
