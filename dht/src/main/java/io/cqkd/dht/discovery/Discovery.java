package io.cqkd.dht.discovery;

import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Finds distinct nodes of the network for a service that needs many of them (Alice recruiting
 * workers). The seam of phase 4: without it, random walks ({@link RandomWalkDiscovery}) return
 * whatever the walks meet, the dead included; with it, only nodes whose health was checked.
 */
public interface Discovery {
    /**
     * Up to {@code wanted} nodes that {@code exclude} does not reject (the caller's nodes seen
     * before), each once. Completes on the node's loop; may return fewer, or none.
     */
    default CompletableFuture<Found> find(int wanted, Predicate<NodeId> exclude) {
        return find(wanted, wanted, exclude);
    }

    /**
     * As {@link #find(int, Predicate)}, but done once {@code needed} are found: the rest, up to
     * {@code wanted}, only if they are at hand (a caller glad of spares that would not wait for them).
     */
    CompletableFuture<Found> find(int needed, int wanted, Predicate<NodeId> exclude);

    /**
     * @param nodes the nodes found
     * @param answered whether any node answered the walks: false says nothing about the network
     *     (the caller's own node may be refusing its calls), only that this attempt learnt nothing
     */
    record Found(List<Contact> nodes, boolean answered) {
        public Found {
            nodes = List.copyOf(nodes);
        }
    }
}
