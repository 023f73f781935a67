package io.cqkd.dht;

import io.cqkd.dht.lookup.FixedLookupShape;
import io.cqkd.dht.lookup.LookupShape;
import io.cqkd.dht.refresh.FixedIntervalRefresh;
import io.cqkd.dht.refresh.RefreshPolicy;
import io.cqkd.dht.routing.Bep5Liveness;
import io.cqkd.dht.routing.PeerLiveness;
import io.cqkd.dht.rpc.CallTiming;
import io.cqkd.dht.rpc.FixedCallTiming;

/**
 * The behaviours of a node that the scaling phases replace, one policy per seam. The defaults are
 * plain Kademlia with the node's {@link DhtConfig}: what runs when every phase is off. A node holds
 * one set at a time and may swap it at run time ({@link DhtNode#usePolicies}).
 *
 * @param callTiming stall and timeout of each call (phase 3)
 * @param lookupShape width and alpha of each lookup (phase 3)
 * @param liveness when a routing entry is bad, and what a failure does to it (phase 4)
 * @param refresh which buckets to refresh, and when (phase 5)
 */
public record NodePolicies(CallTiming callTiming, LookupShape lookupShape, PeerLiveness liveness,
                           RefreshPolicy refresh) {
    public NodePolicies {
        if (callTiming == null || lookupShape == null || liveness == null || refresh == null) {
            throw new IllegalArgumentException("every policy must be set");
        }
    }

    /** Plain Kademlia with {@code config}'s fixed values. */
    public static NodePolicies defaults(DhtConfig config) {
        return new NodePolicies(
                new FixedCallTiming(config.lookupStallTimeout(), config.rpcTimeout()),
                new FixedLookupShape(config.k(), config.alpha(), config.refreshK()),
                new Bep5Liveness(config.questionableAfter().toNanos(), config.maxFailures()),
                new FixedIntervalRefresh(config.bucketRefreshInterval(), config.alpha()));
    }

    public NodePolicies withCallTiming(CallTiming value) {
        return new NodePolicies(value, lookupShape, liveness, refresh);
    }

    public NodePolicies withLookupShape(LookupShape value) {
        return new NodePolicies(callTiming, value, liveness, refresh);
    }

    public NodePolicies withLiveness(PeerLiveness value) {
        return new NodePolicies(callTiming, lookupShape, value, refresh);
    }

    public NodePolicies withRefresh(RefreshPolicy value) {
        return new NodePolicies(callTiming, lookupShape, liveness, value);
    }
}
