package io.cqkd.dht;

import io.cqkd.dht.async.Throttle;
import io.cqkd.dht.lookup.LookupPurpose;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.wire.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Refreshes buckets: a lookup of a random id in the bucket, which fills it with live nodes and
 * proves the old ones alive. The bucket counts as refreshed from the moment its lookup starts, and
 * the refresh policy in force hears how each one went. Confined to the node's loop.
 */
final class BucketRefresher {
    private final NodeContext node;
    private final Lookups lookups;

    BucketRefresher(NodeContext node, Lookups lookups) {
        this.node = node;
        this.lookups = lookups;
    }

    CompletableFuture<LookupResult> refresh(int bucket) {
        node.table.markRefreshed(bucket, node.now());
        return lookups.findNode(NodeId.randomInBucket(node.id, bucket, node.random), LookupPurpose.REFRESH)
                .whenComplete((result, error) -> node.policies().refresh().refreshed(bucket, error == null ? result : null));
    }

    /** Refreshes {@code buckets}, at most {@code parallelism} at once; completes with how many once all are done. */
    CompletableFuture<Integer> refreshAll(List<Integer> buckets, int parallelism) {
        Throttle throttle = new Throttle(parallelism);
        List<CompletableFuture<LookupResult>> refreshes = new ArrayList<>(buckets.size());
        for (int bucket : buckets) {
            refreshes.add(throttle.submit(() -> refresh(bucket)).exceptionally(e -> null));
        }
        return CompletableFuture.allOf(refreshes.toArray(CompletableFuture[]::new)).thenApply(v -> buckets.size());
    }
}
