package io.cqkd.dht;

import io.cqkd.wire.NodeId;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Verification pings: a node must answer one before it may enter the routing table. At most
 * {@code maxInFlight} pings at once; the nodes that arrive while all slots are busy wait in a bounded
 * queue (a burst of joiners at one bootstrap node is verified in turn instead of forgotten), and
 * those beyond it are dropped and counted. Confined to the node's loop.
 */
final class Verifications {
    private final int maxInFlight;
    private final int maxWaiting;
    private final BiFunction<NodeId, InetSocketAddress, CompletableFuture<?>> ping;
    private final NodeStats stats;
    private final Set<NodeId> inFlight = new HashSet<>();
    private final LinkedHashMap<NodeId, InetSocketAddress> waiting = new LinkedHashMap<>();

    Verifications(int maxInFlight, int maxWaiting, BiFunction<NodeId, InetSocketAddress, CompletableFuture<?>> ping,
                  NodeStats stats) {
        this.maxInFlight = maxInFlight;
        this.maxWaiting = maxWaiting;
        this.ping = ping;
        this.stats = stats;
    }

    void request(NodeId id, InetSocketAddress address) {
        if (inFlight.contains(id) || waiting.containsKey(id)) {
            return;
        }
        if (inFlight.size() < maxInFlight) {
            start(id, address);
        } else if (waiting.size() < maxWaiting) {
            waiting.put(id, address);
        } else {
            stats.dropped("verification-queue-full");
        }
    }

    private void start(NodeId id, InetSocketAddress address) {
        inFlight.add(id);
        ping.apply(id, address).whenComplete((r, e) -> {
            inFlight.remove(id);
            startNextWaiting();
        });
    }

    private void startNextWaiting() {
        Iterator<Map.Entry<NodeId, InetSocketAddress>> it = waiting.entrySet().iterator();
        if (it.hasNext() && inFlight.size() < maxInFlight) {
            Map.Entry<NodeId, InetSocketAddress> next = it.next();
            it.remove();
            start(next.getKey(), next.getValue());
        }
    }
}
