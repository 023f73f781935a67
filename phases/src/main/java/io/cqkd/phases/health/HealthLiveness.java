package io.cqkd.phases.health;

import io.cqkd.dht.routing.Bep5Liveness;
import io.cqkd.dht.routing.NodeState;
import io.cqkd.dht.routing.PeerLiveness;
import io.cqkd.dht.routing.RoutingEntry;
import io.cqkd.dht.routing.TableView;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Liveness with phase 4 on: the detector decides. A failed call accuses nobody (it only brings the
 * peer's next check forward, through the node's events); an entry is bad once the detector
 * declared it dead, and withheld from answers and lookups while it is suspect. The last
 * {@link #DEAD_MEMORY} peers declared dead are remembered, so that a lookup does not ask them when
 * another node's answer still names them. Otherwise BEP 5's good / questionable by silence. The
 * checker replaces the maintenance pings. Confined to the node's loop.
 */
final class HealthLiveness implements PeerLiveness {
    /** Dead peers remembered: a few hundred is a killed process's worth; each costs a few bytes. */
    static final int DEAD_MEMORY = 1024;

    private final Bep5Liveness silence;
    private final Predicate<NodeId> suspect;
    /** Dead peers by id, at the address they were declared dead at; oldest first, bounded. */
    private final Map<NodeId, InetSocketAddress> dead = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<NodeId, InetSocketAddress> eldest) {
            return size() > DEAD_MEMORY;
        }
    };

    HealthLiveness(Bep5Liveness silence, Predicate<NodeId> suspect) {
        this.silence = silence;
        this.suspect = suspect;
    }

    /** The detector declared {@code peer} dead. */
    void declaredDead(Contact peer) {
        dead.put(peer.id(), peer.address());
    }

    /** {@code peer} answered: whatever was declared, it lives (at that address). */
    void alive(Contact peer) {
        // Only an answer from the address it died at revives it: the old id elsewhere is another node.
        dead.remove(peer.id(), peer.address());
    }

    @Override
    public NodeState stateOf(RoutingEntry entry, long nowNanos) {
        if (isDead(entry.contact())) {
            return NodeState.BAD;
        }
        return silence.stateOf(entry, nowNanos);
    }

    @Override
    public FailureVerdict onFailure(RoutingEntry entry, long nowNanos) {
        return FailureVerdict.IGNORE;
    }

    @Override
    public List<RoutingEntry> toProbe(TableView table, long nowNanos) {
        return List.of();
    }

    @Override
    public boolean mayShare(RoutingEntry entry, long nowNanos) {
        return !suspect.test(entry.id()) && stateOf(entry, nowNanos) != NodeState.BAD;
    }

    @Override
    public boolean believedDead(Contact peer, long nowNanos) {
        return isDead(peer) || suspect.test(peer.id());
    }

    /** A replacement waited unchecked since it last answered: under churn it is often dead by now. */
    @Override
    public boolean verifiesReplacements() {
        return true;
    }

    private boolean isDead(Contact peer) {
        return !dead.isEmpty() && peer.address().equals(dead.get(peer.id()));
    }

    /** Peers remembered as dead. */
    int deadCount() {
        return dead.size();
    }
}
