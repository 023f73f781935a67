package io.cqkd.dht;

import io.cqkd.dht.lookup.Lookup;
import io.cqkd.dht.lookup.LookupPurpose;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.dht.rpc.CallTiming;
import io.cqkd.wire.BDict;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.FindNodeQuery;
import java.util.concurrent.CompletableFuture;

/**
 * Starts a node's iterative lookups: the shape (width, alpha) from the lookup-shape policy, each
 * call's stall from the call-timing policy, the first candidates from the routing table. Every
 * lookup's end is counted and told to the node's events. Confined to the node's loop.
 */
final class Lookups {
    /** Tries per node within a lookup: with 5 % loss a round trip fails 1 time in 10, three in a row 1 in 1,000. */
    static final int ATTEMPTS_PER_NODE = 3;

    private final NodeContext node;
    private final OutboundCalls calls;

    Lookups(NodeContext node, OutboundCalls calls) {
        this.node = node;
        this.calls = calls;
    }

    /** find_node for {@code target}. */
    CompletableFuture<LookupResult> findNode(NodeId target, LookupPurpose purpose) {
        return run(target, purpose, FindNodeQuery.METHOD, new FindNodeQuery(target).arguments(),
                Lookup.ReplyObserver.NONE);
    }

    /** A lookup sending {@code method(arguments)} to every node it asks; {@code observer} sees each answer. */
    CompletableFuture<LookupResult> run(NodeId target, LookupPurpose purpose, String method, BDict.Builder arguments,
                                        Lookup.ReplyObserver observer) {
        BDict query = node.withOurId(arguments); // built once: every call of the lookup sends the same query
        NodePolicies policies = node.policies();
        CallTiming timing = policies.callTiming();
        Lookup lookup = new Lookup(node.id, target, policies.lookupShape().shape(target, purpose), ATTEMPTS_PER_NODE,
                contact -> timing.stallTimeout(contact.address(), method), node.scheduler,
                contact -> calls.call(contact.address(), contact.id(), method, query), observer,
                contact -> policies.liveness().believedDead(contact, node.now()));
        return lookup.start(node.table.closest(target, node.table.k(), node.now())).whenComplete((result, error) -> {
            node.stats.lookupDone(error == null && !result.closest().isEmpty(), error == null ? result.hops() : 0);
            if (error == null) {
                node.events.lookupDone(purpose, result);
            }
        });
    }
}
