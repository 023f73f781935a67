package io.cqkd.phases.health;

import io.cqkd.dht.DhtNode;

/**
 * Whether the node has room for phase 4's calls. Health traffic yields to the node's own work:
 * past {@link #SHARE} of the node's call slots in use, or with its process's {@link HealthBudget}
 * spent, no new check, re-ping or probe starts (they wait for the next tick, counted), so a node
 * busy with a key run or flooded with suspects never has its own calls refused for a health check.
 * Without this, 256 suspects re-pinged twice a second filled Alice's 512 slots after a worker
 * process died, and her recruiting failed. Confined to the node's loop.
 */
final class CallRoom {
    /**
     * The node's calls in flight, as a share of {@code maxOutstandingRpcs}, above which phase 4
     * sends nothing new. Lower leaves more room to the node's work, and slows detection while the
     * node is busy: at a half, a node serving 256 probes after a mass death deferred its own checks
     * (removal p50 20 → 24 s at 1,000 nodes); three quarters still leave Alice 128 slots of 512.
     */
    static final double SHARE = 0.75;

    private final DhtNode node;
    private final int limit;
    private final HealthCounters counters;
    private final HealthBudget budget;

    CallRoom(DhtNode node, HealthCounters counters, HealthBudget budget) {
        this.node = node;
        this.limit = Math.max(1, (int) (node.config().maxOutstandingRpcs() * SHARE));
        this.counters = counters;
        this.budget = budget;
    }

    /** True when a health call of kind {@code kind} may start now; false counts it deferred. */
    boolean admit(String kind) {
        if (node.control().callsInFlight() < limit && budget.take(node.clock().nanoTime())) {
            return true;
        }
        counters.deferred(kind);
        return false;
    }
}
