package io.cqkd.phases.refresh;

import io.cqkd.dht.refresh.FixedIntervalRefresh;
import io.cqkd.dht.refresh.RefreshPolicy;
import io.cqkd.dht.routing.RoutingEntry;
import io.cqkd.dht.routing.TableView;
import io.cqkd.wire.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Phase 5's refresh policy: a bucket is refreshed only when stale — no entry heard from (an answer
 * or a query) and no refresh within the node's current interval, which phase 5 adapts — and has
 * room: a full bucket's silent entries are pinged instead ({@link RefreshNode}), one call each
 * where a lookup costs 10-40, and the dead among them leave it and make room. Buckets farther than
 * the closest neighbour that are empty are stale on the same clock. A few per round, the nearest
 * first. After a join, as the fixed policy: the sparse buckets.
 */
final class AdaptiveRefreshPolicy implements RefreshPolicy {
    /**
     * Stale buckets refreshed per round (every 5 s): a refresh is a lookup of 10-40 calls, so at most
     * ~16 calls a second for a node whose whole table went quiet, and a table of 20 stale buckets
     * is gone round in under a minute.
     */
    static final int REFRESHES_PER_ROUND = 2;

    private final Supplier<Duration> interval;
    private final FixedIntervalRefresh afterJoin;

    AdaptiveRefreshPolicy(Supplier<Duration> interval, int alpha) {
        this.interval = interval;
        this.afterJoin = new FixedIntervalRefresh(Duration.ofDays(1), alpha); // only its afterJoin is used
    }

    @Override
    public List<Integer> afterJoin(TableView table, long nowNanos) {
        return afterJoin.afterJoin(table, nowNanos);
    }

    @Override
    public List<Integer> due(TableView table, long nowNanos) {
        int from = table.closestBucketIndex();
        if (from < 0) {
            return List.of();
        }
        long stale = interval.get().toNanos();
        Map<Integer, List<RoutingEntry>> buckets = table.bucketsSnapshot();
        List<Integer> out = new ArrayList<>(REFRESHES_PER_ROUND);
        for (int i = from; i < NodeId.BITS && out.size() < REFRESHES_PER_ROUND; i++) {
            long last = lastSign(table, buckets.get(i), i);
            if (table.bucketSize(i) < table.k() && (last == Long.MIN_VALUE || nowNanos - last >= stale)) {
                out.add(i);
            }
        }
        return out;
    }

    /** When bucket {@code i} last showed it is current: an entry heard from, or its last refresh or change. */
    private static long lastSign(TableView table, List<RoutingEntry> entries, int i) {
        long last = table.bucketChangedNanos(i);
        if (entries != null) {
            for (RoutingEntry e : entries) {
                last = Math.max(last, e.lastActivityNanos());
            }
        }
        return last;
    }
}
