package io.cqkd.dht.routing;

import io.cqkd.wire.krpc.Contact;
import java.util.List;

/**
 * Who decides that a routing-table entry is bad, and when a failure may accuse it: the seam of phase
 * 4 (health checks, suspicion, indirect probes). The table asks it for every state it needs and for
 * every failed call; maintenance asks it which entries to ping each round. Consulted on the node's
 * loop only.
 */
public interface PeerLiveness {
    /** What a failed call does to the entry it was made to. */
    enum FailureVerdict {
        /** Nothing: the failure is not believed (the local node itself may be the slow one). */
        IGNORE,
        /** One more consecutive failure against the entry; {@link #stateOf} decides whether it is now bad. */
        COUNT,
        /** The entry is dead: out of its bucket at once, its place given to a replacement if there is one. */
        EVICT
    }

    /** The entry's state now: good entries are trusted, questionable ones pinged, bad ones replaced first. */
    NodeState stateOf(RoutingEntry entry, long nowNanos);

    /** A call to {@code entry} timed out: what it does to the entry. */
    FailureVerdict onFailure(RoutingEntry entry, long nowNanos);

    /** The entries to ping this maintenance round (an answer makes one good, a timeout is a failure); bounded. */
    List<RoutingEntry> toProbe(TableView table, long nowNanos);

    /**
     * Whether the node may hand {@code entry} to others in its answers (find_node, get_peers) and
     * start its own lookups from it: by default any entry that is not bad; phase 4 also withholds
     * the entries it suspects.
     */
    default boolean mayShare(RoutingEntry entry, long nowNanos) {
        return stateOf(entry, nowNanos) != NodeState.BAD;
    }

    /**
     * Whether {@code peer}, in the table or not, is believed dead, so that a lookup does not ask it
     * (another node's answer may still name it): by default nobody is.
     */
    default boolean believedDead(Contact peer, long nowNanos) {
        return false;
    }

    /**
     * Whether a replacement must answer a ping before it takes a bad entry's place (mldht,
     * go-libp2p-kad-dht): it waited in the cache since its last answer, maybe long enough to die.
     * False, BEP 5's way: it takes the place at once, and the next failures find out.
     */
    default boolean verifiesReplacements() {
        return false;
    }
}
