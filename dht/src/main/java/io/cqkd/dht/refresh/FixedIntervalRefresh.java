package io.cqkd.dht.refresh;

import io.cqkd.dht.routing.TableView;
import io.cqkd.wire.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A bucket is refreshed when it has not changed for a fixed interval, a few buckets per round; after
 * a join, every bucket farther than the closest neighbour that offers fewer than {@code alpha}
 * routes. The behaviour before phase 5, and its fallback ({@code FALLBACK_REFRESH_INTERVAL}).
 *
 * @param interval a bucket untouched for this long is stale (BEP 5: 15 minutes; the plan: 300 s):
 *     shorter keeps tables fresher under churn at the cost of one lookup per bucket per interval
 * @param alpha after a join, a bucket with at least this many entries already offers alpha routes into
 *     its part of the id space and is left to the periodic refresh: refreshing it too would only add
 *     load while the whole network joins
 */
public record FixedIntervalRefresh(Duration interval, int alpha) implements RefreshPolicy {
    /**
     * Stale buckets refreshed per maintenance round. A refresh is a lookup of ~10 calls; two per 60 s
     * round keep the background load of a node under one call every 3 s, and still go round a table
     * of 20 stale buckets within 10 minutes.
     */
    public static final int REFRESHES_PER_ROUND = 2;

    @Override
    public List<Integer> afterJoin(TableView table, long nowNanos) {
        List<Integer> out = new ArrayList<>();
        int closest = table.closestBucketIndex();
        for (int i = closest + 1; closest >= 0 && i < NodeId.BITS; i++) {
            if (table.bucketSize(i) < alpha) {
                out.add(i);
            }
        }
        return out;
    }

    @Override
    public List<Integer> due(TableView table, long nowNanos) {
        List<Integer> out = new ArrayList<>(REFRESHES_PER_ROUND);
        int from = table.closestBucketIndex();
        for (int i = Math.max(0, from); from >= 0 && i < NodeId.BITS && out.size() < REFRESHES_PER_ROUND; i++) {
            long changed = table.bucketChangedNanos(i);
            if (changed == Long.MIN_VALUE || nowNanos - changed >= interval.toNanos()) {
                out.add(i);
            }
        }
        return out;
    }
}
