package io.cqkd.dht.discovery;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Discovery by random walks: a batch of lookups of random ids, and the nodes that answered them
 * (each lookup's closest), minus the excluded. What runs with phase 4 off; phase 4's discovery
 * fills its cache the same way.
 */
public final class RandomWalkDiscovery implements Discovery {
    /**
     * Lookups at most in one batch. More finds more nodes per round trip; fewer keeps the caller's
     * share of its node's call bound small (each lookup keeps alpha to 2·alpha calls awaiting).
     */
    public static final int MAX_BATCH = 32;
    /** Lookups at least in one batch: one lookup meets a width's worth of nodes, often the same ones. */
    public static final int MIN_BATCH = 4;

    private final DhtNode node;
    private final RandomGenerator random;

    public RandomWalkDiscovery(DhtNode node, RandomGenerator random) {
        this.node = node;
        this.random = random;
    }

    /**
     * One batch of min(32, max(4, wanted / 10)) lookups: each meets up to a width's worth of nodes.
     * A walk cannot stop at {@code needed}: the batch's lookups end together.
     */
    @Override
    public CompletableFuture<Found> find(int needed, int wanted, Predicate<NodeId> exclude) {
        int batch = Math.min(MAX_BATCH, Math.max(MIN_BATCH, wanted / 10));
        List<CompletableFuture<LookupResult>> walks = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            walks.add(node.lookup(NodeId.random(random)));
        }
        return CompletableFuture.allOf(walks.toArray(CompletableFuture[]::new)).handle((v, e) -> {
            Set<NodeId> taken = new HashSet<>();
            List<Contact> found = new ArrayList<>();
            boolean answered = false;
            for (CompletableFuture<LookupResult> walk : walks) {
                if (walk.isCompletedExceptionally() || walk.join().closest().isEmpty()) {
                    continue;
                }
                answered = true;
                for (Contact c : walk.join().closest()) {
                    if (!exclude.test(c.id()) && taken.add(c.id())) {
                        found.add(c);
                    }
                }
            }
            return new Found(found, answered);
        });
    }
}
