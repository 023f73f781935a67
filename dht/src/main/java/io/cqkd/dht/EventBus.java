package io.cqkd.dht;

import io.cqkd.dht.lookup.LookupPurpose;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.dht.routing.RoutingEntry;
import io.cqkd.dht.routing.TableListener;
import io.cqkd.transport.Cancellable;
import io.cqkd.wire.krpc.Contact;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Hands a node's events to its subscribers, in subscription order; also hears the routing table and
 * passes its evictions and emptied buckets on. Confined to the node's loop. The subscriber array is
 * replaced, never changed, so a subscriber may unsubscribe (or subscribe another) while an event is
 * being handed out.
 */
final class EventBus implements NodeEvents, TableListener {
    private NodeEvents[] subscribers = new NodeEvents[0];
    /** Pings a replacement the table wants verified; set once the node's calls exist. */
    private Consumer<RoutingEntry> verifier = candidate -> { };

    void verifyCandidatesWith(Consumer<RoutingEntry> value) {
        verifier = value;
    }

    Cancellable subscribe(NodeEvents subscriber) {
        NodeEvents[] grown = Arrays.copyOf(subscribers, subscribers.length + 1);
        grown[subscribers.length] = subscriber;
        subscribers = grown;
        return () -> unsubscribe(subscriber);
    }

    private void unsubscribe(NodeEvents subscriber) {
        subscribers = Arrays.stream(subscribers).filter(s -> s != subscriber).toArray(NodeEvents[]::new);
    }

    private void each(Consumer<NodeEvents> event) {
        for (NodeEvents s : subscribers) {
            event.accept(s);
        }
    }

    @Override
    public void peerAnswered(Contact peer, String method, long rttNanos) {
        if (subscribers.length > 0) { // the hot path: no lambda when nobody listens
            each(s -> s.peerAnswered(peer, method, rttNanos));
        }
    }

    @Override
    public void peerFailed(Contact peer, String method) {
        each(s -> s.peerFailed(peer, method));
    }

    @Override
    public void peerEvicted(Contact peer, Contact replacement) {
        each(s -> s.peerEvicted(peer, replacement));
    }

    @Override
    public void bucketEmptied(int index) {
        each(s -> s.bucketEmptied(index));
    }

    @Override
    public void tableEmptied() {
        each(NodeEvents::tableEmptied);
    }

    @Override
    public void rejoined(boolean throughSavedPeers) {
        each(s -> s.rejoined(throughSavedPeers));
    }

    @Override
    public void lookupDone(LookupPurpose purpose, LookupResult result) {
        if (subscribers.length > 0) {
            each(s -> s.lookupDone(purpose, result));
        }
    }

    // ---- from the routing table ----

    @Override
    public void evicted(RoutingEntry gone, RoutingEntry replacement) {
        peerEvicted(gone.contact(), replacement == null ? null : replacement.contact());
    }

    @Override
    public void candidateWaiting(RoutingEntry candidate) {
        verifier.accept(candidate);
    }
}
