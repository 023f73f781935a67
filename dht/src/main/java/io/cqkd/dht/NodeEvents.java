package io.cqkd.dht;

import io.cqkd.dht.lookup.LookupPurpose;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.wire.krpc.Contact;

/**
 * What happens to one node that its policies and the phases want to hear about. Subscribe with
 * {@link DhtNode#subscribe}; every method is called on the node's loop, in the order things happen,
 * and must be quick (no blocking; start asynchronous work instead). Each does nothing by default.
 *
 * <p>Not to be confused with {@link DhtObserver}: that one is the metrics hook, shared by all the
 * nodes of a process and called from many loops; these events belong to one node.
 */
public interface NodeEvents {
    /** {@code peer} answered a call of ours ({@code rttNanos} after we sent it). */
    default void peerAnswered(Contact peer, String method, long rttNanos) {}

    /** A call of ours to {@code peer} timed out. */
    default void peerFailed(Contact peer, String method) {}

    /** {@code peer} left the routing table; {@code replacement} took its place, or null. */
    default void peerEvicted(Contact peer, Contact replacement) {}

    /** Bucket {@code index} of the routing table has no live entry left. */
    default void bucketEmptied(int index) {}

    /** No entry of the routing table is good or questionable any more: the node is cut off and re-joins. */
    default void tableEmptied() {}

    /** The node joined again after its table emptied, through its saved peers or else its bootstrap nodes. */
    default void rejoined(boolean throughSavedPeers) {}

    /** A lookup the node ran has finished. */
    default void lookupDone(LookupPurpose purpose, LookupResult result) {}
}
