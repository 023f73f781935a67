package io.cqkd.phases.health;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.NodeEvents;
import io.cqkd.dht.NodePolicies;
import io.cqkd.dht.async.OnLoop;
import io.cqkd.dht.discovery.Discovery;
import io.cqkd.dht.discovery.RandomWalkDiscovery;
import io.cqkd.dht.routing.Bep5Liveness;
import io.cqkd.dht.routing.RoutingEntry;
import io.cqkd.wire.krpc.Contact;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Phase 4 on one node: the checker that keeps its table's entries checked, the suspicions, the
 * liveness that lets the detector decide, the indirect probes it serves, and the discovery of
 * healthy nodes. Off (at start or by a flip), the node has BEP 5's liveness and random-walk
 * discovery, and sends no health RPC at all; it still answers other nodes' {@code cqkd_probe}.
 * Confined to the node's loop.
 */
public final class HealthNode {
    private final DhtNode node;
    private final HealthParameters parameters;
    private final HealthCounters counters;
    private final DeathWitness witness;
    private final PeerRecords records = new PeerRecords();
    private final Awareness awareness = new Awareness();
    private final SplittableRandom random;
    private final Suspicions suspicions;
    private final HealthLiveness liveness;
    private final HealthChecker checker;
    private final RandomWalkDiscovery walks;
    private final HealthyDiscovery healthy;
    /** Whether this node's health calls may start now: its checks, re-pings and the probes it serves. */
    private final CallRoom room;
    private boolean on;

    private HealthNode(DhtNode node, HealthParameters parameters, HealthCounters counters, HealthBudget budget,
                       DeathWitness witness) {
        this.node = node;
        this.parameters = parameters;
        this.counters = counters;
        this.witness = witness;
        this.random = new SplittableRandom(node.id().hashCode() ^ 0x4EA17L);
        this.room = new CallRoom(node, counters, budget);
        this.suspicions = new Suspicions(node, parameters, awareness, counters, room, random,
                peer -> declareDead(peer, parameters.suspects() ? "suspicion" : "unreachable"), this::recentlyAlive);
        this.liveness = new HealthLiveness(bep5(node), suspicions::isSuspect);
        HealthCheck check = new HealthCheck(node, new DeepSteps(node, random), random, this::recentlyAlive);
        this.checker = new HealthChecker(node, parameters, records, suspicions, check, awareness, counters, room,
                this::declareDead, random);
        this.walks = new RandomWalkDiscovery(node, random);
        this.healthy = new HealthyDiscovery(node, parameters, records, checker, liveness, walks, counters);
    }

    /** Whether {@code e} answered us within the fast interval. */
    private boolean recentlyAlive(RoutingEntry e) {
        PeerRecords.PeerRecord r = records.find(e.id());
        long alive = Math.max(e.lastActivityNanos(), r == null ? Long.MIN_VALUE : r.aliveNanos());
        return node.clock().nanoTime() - alive < parameters.interval(HealthLevel.FAST).toNanos();
    }

    private static Bep5Liveness bep5(DhtNode node) {
        return (Bep5Liveness) NodePolicies.defaults(node.config()).liveness();
    }

    /**
     * Builds phase 4's parts for {@code node} on its loop, off; {@link #use} turns them on. The
     * nodes of one process share {@code counters} and {@code budget}.
     */
    public static CompletableFuture<HealthNode> start(DhtNode node, HealthParameters parameters,
                                                      HealthCounters counters, HealthBudget budget,
                                                      DeathWitness witness) {
        return OnLoop.call(node.scheduler(), () -> {
            HealthNode health = new HealthNode(node, parameters, counters, budget, witness);
            ProbeServer probes = new ProbeServer(node, counters, health.room);
            return node.registerExtension(ProbeServer.METHOD, probes::handle)
                    .thenCompose(v -> node.control().subscribe(health.events()))
                    .thenApply(subscription -> health);
        });
    }

    private NodeEvents events() {
        return new NodeEvents() {
            @Override
            public void peerAnswered(Contact peer, String method, long rttNanos) {
                records.heard(peer.id(), node.clock().nanoTime());
                suspicions.cleared(peer.id());
                liveness.alive(peer);
            }

            @Override
            public void peerFailed(Contact peer, String method) {
                records.callFailed(peer.id(), node.clock().nanoTime());
                if (on && !liveness.believedDead(peer, node.clock().nanoTime())) {
                    checker.checkSoon(peer); // a suspect is being re-pinged; a dead one was judged already
                }
            }
        };
    }

    /** Turns phase 4 on or off on this node (its liveness, checks and discovery); on the node's loop. */
    public CompletableFuture<NodePolicies> use(boolean active) {
        return OnLoop.call(node.scheduler(), () -> {
            on = active;
            if (active) {
                checker.start(Duration.ofNanos((long) (random.nextDouble() * HealthChecker.TICK.toNanos())));
                return node.control().usePolicies(p -> p.withLiveness(liveness));
            }
            checker.stop();
            suspicions.clear();
            return node.control().usePolicies(p -> p.withLiveness(bep5(node)));
        });
    }

    private void declareDead(Contact peer, String reason) {
        counters.dead(reason);
        witness.declared(node.contact(), peer, reason);
        suspicions.forget(peer.id());
        liveness.declaredDead(peer);
        records.failed(peer.id(), node.clock().nanoTime());
        node.control().evict(peer);
    }

    /**
     * The discovery in force: healthy nodes only while the phase is on, random walks while it is
     * off. Called on the node's loop.
     */
    public Discovery discovery() {
        return (needed, wanted, exclude) -> on ? healthy.find(needed, wanted, exclude) : walks.find(needed, wanted, exclude);
    }

    /** Checks each of {@code peers} at the configured level, {@code concurrency} at once; outcomes in order. */
    public CompletableFuture<List<CheckOutcome>> sweep(List<Contact> peers, int concurrency) {
        return OnLoop.call(node.scheduler(), () -> new HealthSweep(checker, parameters.level(), concurrency).run(peers));
    }

    public DhtNode node() {
        return node;
    }

    public boolean active() {
        return on;
    }

    /** Peers suspect now (read on the node's loop). */
    public int suspects() {
        return suspicions.size();
    }

    /** The node's local-health score (0: it reaches its peers). */
    public int awarenessScore() {
        return awareness.score();
    }

    /** Whether {@code peer} is held dead or suspect (read on the node's loop). */
    public boolean holdsDead(Contact peer) {
        return liveness.believedDead(peer, node.clock().nanoTime());
    }
}
