package io.cqkd.phases.adaptive;

import io.cqkd.dht.DhtNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The share of a process's lookups that found no node, between two readings: phase 3's health. Read
 * from the nodes' own counters (thread-safe), so it costs nothing on the nodes' loops.
 */
final class LookupSuccess {
    private final List<DhtNode> nodes = new CopyOnWriteArrayList<>();
    private long doneSeen;
    private long failedSeen;

    void track(DhtNode node) {
        nodes.add(node);
    }

    /** Failed lookups over all lookups since the previous call; 0 when there were none. */
    synchronized double failureShareSinceLastCall() {
        long done = 0;
        long failed = 0;
        for (DhtNode n : nodes) {
            done += n.stats().get("lookups.done");
            failed += n.stats().get("lookups.failed");
        }
        long newDone = done - doneSeen;
        long newFailed = failed - failedSeen;
        doneSeen = done;
        failedSeen = failed;
        return newDone + newFailed == 0 ? 0 : (double) newFailed / (newDone + newFailed);
    }
}
