package io.cqkd.phases.health;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.async.Futures;
import io.cqkd.dht.rpc.RpcTimeoutException;
import io.cqkd.dht.routing.NodeState;
import io.cqkd.dht.routing.RoutingEntry;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BInt;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.CompactEncoding;
import io.cqkd.wire.krpc.Contact;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The node's suspects. A suspect is pinged again every quarter of the shortest suspicion, and up to
 * {@code indirectProbes} good nodes of the table are asked to probe it ({@code cqkd_probe}); any
 * answer from it — to us, or through a prober — clears it; each prober that could not reach it
 * either shortens its {@link Suspicion}; when the period runs out it is declared dead. So a live
 * node behind a lossy link is not accused for a lost datagram: under 10 % loss, a dozen round
 * trips in a row would have to fail. Two re-pings per suspect are in flight at most, and none is sent
 * while the node has no room for health calls ({@link CallRoom}); a suspect that could not be asked
 * again is not declared dead until it has been. Bounded: past {@link #MAX_SUSPECTS} a new
 * suspicion is dropped (counted), and the peer is left as it is. Confined to the node's loop.
 */
final class Suspicions {
    /** Suspects followed at once; each costs a ping every re-ping period. */
    static final int MAX_SUSPECTS = 256;
    /** The shortest re-ping period: below it, the pings of many suspects would crowd the node's calls. */
    static final Duration MIN_REPING = Duration.ofMillis(500);
    /** Re-pings of one suspect awaiting their answer at once. */
    static final int REPINGS_IN_FLIGHT = 2;

    private final DhtNode node;
    private final HealthParameters parameters;
    private final Awareness awareness;
    private final HealthCounters counters;
    private final CallRoom room;
    private final RandomGenerator random;
    private final Consumer<Contact> declareDead;
    private final Predicate<RoutingEntry> recentlyAlive;
    private final Map<NodeId, Suspicion> suspects = new HashMap<>();
    /** The map's size, for the metrics' reads from another thread. */
    private volatile int count;

    Suspicions(DhtNode node, HealthParameters parameters, Awareness awareness, HealthCounters counters,
               CallRoom room, RandomGenerator random, Consumer<Contact> declareDead, Predicate<RoutingEntry> recentlyAlive) {
        this.node = node;
        this.parameters = parameters;
        this.awareness = awareness;
        this.counters = counters;
        this.room = room;
        this.random = random;
        this.declareDead = declareDead;
        this.recentlyAlive = recentlyAlive;
    }

    boolean isSuspect(NodeId id) {
        return suspects.containsKey(id);
    }

    /** Suspects now; any thread (metrics). */
    int size() {
        return count;
    }

    /** {@code peer} failed a check: suspect it (or, with no suspicion configured, declare it dead now). */
    void suspect(Contact peer) {
        if (!parameters.suspects()) {
            declareDead.accept(peer);
            return;
        }
        if (suspects.containsKey(peer.id())) {
            return;
        }
        if (suspects.size() >= MAX_SUSPECTS) {
            counters.onSuspicionDropped();
            return;
        }
        int stretch = awareness.multiplier();
        Suspicion s = new Suspicion(peer, now(), stretch * parameters.suspicionMin().toNanos(),
                stretch * parameters.suspicionMax().toNanos(), parameters.indirectProbes());
        suspects.put(peer.id(), s);
        count = suspects.size();
        counters.onSuspected();
        askProbers(s);
        repingLater(s);
    }

    /** Forgets every suspect, accusing none (the phase was turned off). */
    void clear() {
        suspects.clear();
        count = 0;
    }

    /** Forgets {@code peer}'s suspicion without counting it refuted (it was declared dead otherwise). */
    void forget(NodeId peer) {
        suspects.remove(peer);
        count = suspects.size();
    }

    /** {@code peer} answered something: whatever we suspected, it is alive. */
    void cleared(NodeId peer) {
        if (suspects.remove(peer) != null) {
            count = suspects.size();
            counters.onRefuted();
        }
    }

    private Duration repingTimeout(Duration period) {
        Duration twoPeriods = period.multipliedBy(2);
        Duration fast = parameters.timeout(HealthLevel.FAST);
        return (twoPeriods.compareTo(fast) < 0 ? twoPeriods : fast).multipliedBy(awareness.multiplier());
    }

    private void repingLater(Suspicion s) {
        Duration period = max(MIN_REPING, parameters.suspicionMin().dividedBy(4));
        node.scheduler().schedule(period, () -> {
            if (suspects.get(s.suspect().id()) != s) {
                return; // cleared or declared meanwhile
            }
            if (now() >= s.deadlineNanos() && s.repings > 0) {
                suspects.remove(s.suspect().id());
                count = suspects.size();
                declareDead.accept(s.suspect());
                return;
            }
            if (s.repingsInFlight < REPINGS_IN_FLIGHT && room.admit("reping")) {
                counters.rpc("reping");
                s.repingsInFlight++;
                s.repings++;
                // An answer reaches cleared() through the node's events; a timeout changes nothing.
                // Two periods per ping (stretched when we are slow ourselves): at 10 % loss a live
                // suspect answers one of the ~20 pings of a suspicion, where one ping at a time with
                // the fast check's 2 s left 6 chances, and 3 of 801 live nodes were accused in an hour.
                node.query(s.suspect(), "ping", BDict.empty(), repingTimeout(period))
                        .whenComplete((answer, error) -> s.repingsInFlight--);
            }
            repingLater(s);
        });
    }

    private void askProbers(Suspicion s) {
        List<Contact> probers = probersFor(s.suspect());
        if (probers.isEmpty() || !room.admit("probe")) {
            return; // no confirmation will come: the suspect gets the longest period
        }
        Duration timeout = parameters.timeout(HealthLevel.FAST).multipliedBy(2);
        BDict request = BDict.builder().put("target", CompactEncoding.encodeNodes(List.of(s.suspect())))
                .put("timeout_ms", parameters.timeout(HealthLevel.FAST).toMillis()).build();
        int[] silent = {0};
        for (Contact prober : probers) {
            counters.rpc("probe");
            counters.probeSent();
            node.query(prober, ProbeServer.METHOD, request, timeout).whenComplete((answer, error) -> {
                if (error != null) {
                    // A refusal (a busy prober) is an answer, and a call our own node refused says
                    // nothing of the network: only silence from every prober hints that the trouble
                    // is ours.
                    Throwable cause = Futures.cause(error);
                    if (cause instanceof RpcTimeoutException && ++silent[0] == probers.size()) {
                        awareness.nobodyAnswered();
                    }
                    return;
                }
                if (answer.get("alive") instanceof BInt alive && alive.value() == 1) {
                    counters.probeAnswered(true);
                    cleared(s.suspect().id());
                } else {
                    counters.probeAnswered(false);
                    if (suspects.get(s.suspect().id()) == s) {
                        s.confirm(prober.id());
                    }
                }
            });
        }
    }

    /**
     * Up to {@code indirectProbes} good entries of the table, at random, that answered us within the
     * fast interval and are not suspect themselves: when many nodes die at once, a prober picked
     * among the silent would often be dead too — no confirmation, and our awareness raised for
     * nothing.
     */
    private List<Contact> probersFor(Contact suspect) {
        List<RoutingEntry> good = new ArrayList<>(node.routingTable().entriesIn(NodeState.GOOD, now()));
        good.removeIf(e -> e.id().equals(suspect.id()) || suspects.containsKey(e.id()) || !recentlyAlive.test(e));
        List<Contact> out = new ArrayList<>(parameters.indirectProbes());
        while (out.size() < parameters.indirectProbes() && !good.isEmpty()) {
            RoutingEntry e = good.remove(random.nextInt(good.size()));
            out.add(new Contact(e.id(), e.address()));
        }
        return out;
    }

    private long now() {
        return node.clock().nanoTime();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
