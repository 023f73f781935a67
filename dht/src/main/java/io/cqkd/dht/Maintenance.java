package io.cqkd.dht;

import io.cqkd.dht.async.RecentSet;
import io.cqkd.dht.routing.NodeState;
import io.cqkd.dht.routing.RoutingEntry;
import io.cqkd.transport.Cancellable;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A node's housekeeping, one round every {@code maintenanceInterval}: it remembers its good peers
 * (where it re-joins first), re-joins when no entry of its table is good or questionable any more,
 * pings the entries its liveness policy names (so that bad ones are found and replaced) and
 * refreshes the buckets its refresh policy says are due. Every round's work is bounded by those
 * policies, whatever the table's state. Confined to the node's loop.
 */
final class Maintenance {
    private final NodeContext node;
    private final Join join;
    private final Rejoin rejoin;
    private final OutboundCalls calls;
    private final BucketRefresher refresher;
    private final RecentSet<InetSocketAddress, InetSocketAddress> savedPeers;
    private Cancellable nextRound;

    Maintenance(NodeContext node, Join join, OutboundCalls calls, BucketRefresher refresher,
                RecentSet<InetSocketAddress, InetSocketAddress> savedPeers) {
        this.node = node;
        this.join = join;
        this.calls = calls;
        this.refresher = refresher;
        this.savedPeers = savedPeers;
        this.rejoin = new Rejoin(node, join, savedPeers);
    }

    void start() {
        nextRound = node.scheduler.schedule(node.config.maintenanceInterval(), () -> {
            if (!node.stopped()) {
                round();
                start();
            }
        });
    }

    void stop() {
        if (nextRound != null) {
            nextRound.cancel();
        }
    }

    private void round() {
        long now = node.now();
        List<RoutingEntry> good = node.table.entriesIn(NodeState.GOOD, now);
        if (!good.isEmpty()) {
            good.forEach(e -> savedPeers.add(e.address()));
        } else if (join.ready().isDone() && !rejoin.inProgress()
                && node.table.entriesIn(NodeState.QUESTIONABLE, now).isEmpty()) {
            node.events.tableEmptied();
            rejoin.start();
        }
        NodePolicies policies = node.policies();
        for (RoutingEntry e : policies.liveness().toProbe(node.table, now)) {
            calls.verify(e.id(), e.address());
        }
        for (int bucket : policies.refresh().due(node.table, now)) {
            refresher.refresh(bucket);
        }
    }
}
