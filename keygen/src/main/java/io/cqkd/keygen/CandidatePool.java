package io.cqkd.keygen;

import io.cqkd.dht.discovery.Discovery;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The nodes one run may still offer a role to: filled from the {@link Discovery}, each node at most
 * once per run (except a worker that gave a spare lease back, which goes first in line again).
 * Confined to Alice's node loop.
 */
final class CandidatePool {
    /** Discovery rounds one run may ask for before it gives up (a round: up to 32 random lookups). */
    static final int MAX_DISCOVERY_ROUNDS = 300;

    private final Discovery discovery;
    private final ArrayDeque<Contact> waiting = new ArrayDeque<>();
    private final Set<NodeId> seen = new HashSet<>();
    private int rounds;
    /** The round in progress for roles that ran out of candidates, if any. */
    private CompletableFuture<Integer> search;

    /** {@code avoid} and {@code excluded}: nodes never to be offered a role (a lost run's silent workers; Alice's and Bob's own). */
    CandidatePool(Discovery discovery, Collection<NodeId> avoid, NodeId... excluded) {
        this.discovery = discovery;
        seen.addAll(avoid);
        seen.addAll(Set.of(excluded));
    }

    Contact poll() {
        return waiting.poll();
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** A worker that proved alive and willing (it accepted a spare offer): first in line. */
    void putFirst(Contact worker) {
        waiting.addFirst(worker);
    }

    /** Whether the run may still ask the discovery for more. */
    boolean mayAskAgain() {
        return rounds < MAX_DISCOVERY_ROUNDS;
    }

    /**
     * Asks for {@code wanted} candidates, and again until {@code needed} wait, a round finds fewer
     * than {@code minYield} new nodes (1: until the DHT shows none), the run is stopped or the round
     * budget is spent; completes with whether {@code needed} wait. A round nobody answered (Alice's own
     * call slots all held, say by the calls of a run that just gave way to this one) is tried again
     * after {@code pause}: stopping there left a fresh run with half its candidates, and its roles
     * searched for the rest ten seconds at a time until the first ones' leases expired.
     */
    CompletableFuture<Boolean> fill(int needed, int wanted, int minYield, BooleanSupplier stopped,
                                    Supplier<CompletableFuture<Void>> pause) {
        if (stopped.getAsBoolean() || waiting.size() >= needed || !mayAskAgain()) {
            return CompletableFuture.completedFuture(waiting.size() >= needed);
        }
        return discover(needed - waiting.size(), wanted - waiting.size()).thenCompose(found -> {
            if (found < 0) {
                return pause.get().thenCompose(v -> fill(needed, wanted, minYield, stopped, pause));
            }
            return found < minYield ? CompletableFuture.completedFuture(waiting.size() >= needed)
                    : fill(needed, wanted, minYield, stopped, pause);
        });
    }

    /**
     * One more round of {@code size} for the roles that ran out: one at a time, shared by every role
     * waiting for it, since five rounds side by side would find the same nodes five times. Completes
     * with how many new nodes it found, or -1 when nobody answered.
     */
    CompletableFuture<Integer> searchForMore(int size) {
        if (search == null || search.isDone()) {
            search = discover(size, size);
        }
        return search;
    }

    private CompletableFuture<Integer> discover(int needed, int wanted) {
        rounds++;
        return discovery.find(needed, wanted, seen::contains).thenApply(found -> {
            int added = 0;
            for (Contact c : found.nodes()) {
                if (seen.add(c.id())) {
                    waiting.add(c);
                    added++;
                }
            }
            return found.answered() ? added : -1;
        });
    }
}
