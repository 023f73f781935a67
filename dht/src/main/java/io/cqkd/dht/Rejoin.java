package io.cqkd.dht;

import io.cqkd.dht.async.RecentSet;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A node whose whole table went bad (a partition, or the network around it went away) joins again:
 * first through the peers that were good lately, and only if none answers through the bootstrap
 * nodes of its first join (which may be gone for good, or restarted empty). Confined to the node's
 * loop.
 */
final class Rejoin {
    private final NodeContext node;
    private final Join join;
    private final RecentSet<InetSocketAddress, InetSocketAddress> savedPeers;
    private boolean inProgress;

    Rejoin(NodeContext node, Join join, RecentSet<InetSocketAddress, InetSocketAddress> savedPeers) {
        this.node = node;
        this.join = join;
        this.savedPeers = savedPeers;
    }

    boolean inProgress() {
        return inProgress;
    }

    void start() {
        inProgress = true;
        List<InetSocketAddress> saved = savedPeers.oldestFirst();
        node.stats.event("bootstrap.rejoin-attempt");
        CompletableFuture<BootstrapResult> attempt = saved.isEmpty()
                ? CompletableFuture.failedFuture(new BootstrapException("no saved peers"))
                : join.bootstrap(saved);
        attempt.handle((result, error) -> {
            if (error == null) {
                node.stats.event("bootstrap.rejoined-from-saved-peers");
                node.events.rejoined(true);
                return CompletableFuture.completedFuture(result);
            }
            if (join.firstSeeds().isEmpty()) {
                return CompletableFuture.<BootstrapResult>failedFuture(error);
            }
            node.stats.event("bootstrap.rejoin-from-bootstrap-nodes");
            return join.bootstrap(join.firstSeeds()).whenComplete((r, e) -> {
                if (e == null) {
                    node.events.rejoined(false);
                }
            });
        }).thenCompose(f -> f).whenComplete((r, e) -> inProgress = false);
    }
}
