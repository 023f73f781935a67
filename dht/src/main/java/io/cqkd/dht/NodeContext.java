package io.cqkd.dht;

import io.cqkd.dht.routing.IpDiversity;
import io.cqkd.dht.routing.RoutingTable;
import io.cqkd.transport.Clock;
import io.cqkd.transport.Endpoint;
import io.cqkd.transport.Scheduler;
import io.cqkd.wire.BDict;
import io.cqkd.wire.NodeId;
import java.util.SplittableRandom;

/**
 * What the parts of one node share: its identity and configuration, its loop (endpoint, clock,
 * scheduler), its routing table, its counters, its events and the policies in force. Everything
 * here is confined to the node's loop, except what is marked otherwise.
 */
final class NodeContext {
    final NodeId id;
    final DhtConfig config;
    final NodeStats stats;
    final SplittableRandom random;
    final Endpoint endpoint;
    final Clock clock;
    final Scheduler scheduler;
    final EventBus events;
    final RoutingTable table;
    /** The policies in force; replaced whole, on the loop, when a phase flag flips. */
    private NodePolicies policies;
    private boolean stopped;
    /** Routing-table size as of its last change: written on the loop, read from any thread (metrics). */
    private volatile int tableSizeSnapshot;

    NodeContext(NodeId id, DhtConfig config, NodeStats stats, SplittableRandom random, Endpoint endpoint,
                NodePolicies policies) {
        this.id = id;
        this.config = config;
        this.stats = stats;
        this.random = random;
        this.endpoint = endpoint;
        this.clock = endpoint.clock();
        this.scheduler = endpoint.scheduler();
        this.policies = policies;
        this.events = new EventBus();
        this.table = new RoutingTable(id, config.k(), () -> this.policies.liveness(), events,
                config.ipDiversity() ? IpDiversity.ON : IpDiversity.OFF);
    }

    NodePolicies policies() {
        return policies;
    }

    void usePolicies(NodePolicies value) {
        policies = value;
    }

    long now() {
        return clock.nanoTime();
    }

    boolean stopped() {
        return stopped;
    }

    void markStopped() {
        stopped = true;
    }

    /** A query's arguments with our id added, as every KRPC query carries it. */
    BDict withOurId(BDict.Builder arguments) {
        return arguments.put("id", id.toBytes()).build();
    }

    void tableChanged() {
        tableSizeSnapshot = table.size();
    }

    int tableSizeSnapshot() {
        return tableSizeSnapshot;
    }
}
