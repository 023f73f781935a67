package io.cqkd.phases.health;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.routing.NodeState;
import io.cqkd.dht.routing.RoutingEntry;
import io.cqkd.wire.BDict;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import io.cqkd.wire.krpc.FindNodeQuery;
import io.cqkd.wire.krpc.GetQuery;
import io.cqkd.wire.krpc.Reply;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Runs one check of one peer at a level. Fast: a ping, answered under the peer's id. Medium: also
 * {@code find_node} for an id in the half of the id space the peer is not in — a healthy node keeps
 * that half's bucket full, so its answer must name a node closer to the target than itself (when we
 * know one) — and a BEP 44 {@code get} whose answer carries a token. Deep: also the
 * {@link DeepSteps}. Confined to the node's loop.
 */
final class HealthCheck {
    private final DhtNode node;
    private final DeepSteps deep;
    private final RandomGenerator random;
    private final Predicate<RoutingEntry> recentlyAlive;

    /** {@code recentlyAlive}: the entries of our table that answered us lately, the only witnesses we trust. */
    HealthCheck(DhtNode node, DeepSteps deep, RandomGenerator random, Predicate<RoutingEntry> recentlyAlive) {
        this.node = node;
        this.deep = deep;
        this.random = random;
        this.recentlyAlive = recentlyAlive;
    }

    /**
     * Checks {@code peer} at {@code level} within {@code timeout}; its first step, the ping, within
     * {@code pingWithin} (the fast level's timeout): a dead peer fails every level that soon.
     */
    CompletableFuture<CheckOutcome> run(Contact peer, HealthLevel level, Duration timeout, Duration pingWithin) {
        CheckSteps steps = new CheckSteps(node, peer, timeout);
        CompletableFuture<Void> chain = ping(steps, pingWithin);
        if (level.includes(HealthLevel.MEDIUM)) {
            chain = chain.thenCompose(v -> steps.ended() ? done() : findNode(steps))
                    .thenCompose(v -> steps.ended() ? done() : get(steps));
        }
        if (level.includes(HealthLevel.DEEP)) {
            chain = chain.thenCompose(v -> steps.ended() ? done() : deep.run(steps));
        }
        return chain.thenApply(v -> steps.outcome());
    }

    static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<Void> ping(CheckSteps steps, Duration within) {
        return steps.ask(steps.peer(), "ping", BDict.empty(), within).thenAccept(reply -> {
            if (reply != null && !reply.id().equals(steps.peer().id())) {
                steps.fault("ping-other-id"); // someone else lives at that address now
            }
        });
    }

    private CompletableFuture<Void> findNode(CheckSteps steps) {
        Contact peer = steps.peer();
        NodeId target = NodeId.randomInBucket(peer.id(), NodeId.BITS - 1, random);
        return steps.ask(peer, FindNodeQuery.METHOD, new FindNodeQuery(target).arguments().build()).thenAccept(reply -> {
            if (reply == null) {
                return;
            }
            boolean progress = reply.nodes().stream().anyMatch(c -> target.compareDistance(c.id(), peer.id()) < 0);
            if (!progress && weKnowCloser(target, peer.id())) {
                steps.fault("find_node-no-progress");
            }
        });
    }

    /**
     * Whether our own table holds a node closer to {@code target} than {@code than} that answered
     * us lately: an entry merely not yet found dead (a killed process's nodes, in the seconds before
     * their suspicion ends) would make an honest node look faulty.
     */
    private boolean weKnowCloser(NodeId target, NodeId than) {
        for (var bucket : node.routingTable().bucketsSnapshot().values()) {
            for (RoutingEntry e : bucket) {
                if (target.compareDistance(e.id(), than) < 0 && recentlyAlive.test(e)
                        && node.routingTable().stateOf(e, node.clock().nanoTime()) == NodeState.GOOD) {
                    return true;
                }
            }
        }
        return false;
    }

    private CompletableFuture<Void> get(CheckSteps steps) {
        NodeId target = NodeId.random(random);
        return steps.ask(steps.peer(), GetQuery.METHOD, new GetQuery(target, null).arguments().build())
                .thenAccept(reply -> {
                    if (reply != null && reply.token() == null) {
                        steps.fault("get-no-token");
                    }
                });
    }

    /** Whether {@code reply} names {@code contact}'s address under another id. */
    static boolean namesUnderAnotherId(Reply reply, Contact contact) {
        return reply.nodes().stream().anyMatch(c -> c.address().equals(contact.address()) && !c.id().equals(contact.id()));
    }
}
