package io.cqkd.phases.refresh;

import io.cqkd.dht.routing.NodeState;
import io.cqkd.dht.routing.RoutingEntry;
import io.cqkd.dht.routing.TableView;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One look at a node's table, as phase 5 needs it at each tick: how many entries, how many failing,
 * how many stale (failing, or unheard for longer than the interval), their ages for the metrics,
 * the quietest entries to ping, and the most recently heard good peers to save.
 *
 * @param ageCounts entries by age since last heard, in the buckets of {@link #AGE_BOUNDS_SECONDS}
 *     (the last: older)
 * @param silent entries unheard for longer than the interval, quietest first
 * @param goodPeers good entries' addresses, most recently heard first, at most {@code keep}
 */
record TableScan(int size, int failing, int stale, long[] ageCounts, List<RoutingEntry> silent,
                 List<InetSocketAddress> goodPeers) {
    /** Upper bounds of the entry-age buckets the metrics show: around the plan's 60 s goal and its intervals. */
    static final long[] AGE_BOUNDS_SECONDS = {15, 30, 60, 120, 300, 600};

    /** Scans {@code table} at {@code nowNanos} against {@code intervalNanos}; keeps {@code keep} good peers. */
    static TableScan of(TableView table, long nowNanos, long intervalNanos, int keep) {
        int size = 0;
        int failing = 0;
        int stale = 0;
        long[] ages = new long[AGE_BOUNDS_SECONDS.length + 1];
        List<RoutingEntry> good = new ArrayList<>();
        List<RoutingEntry> silent = new ArrayList<>();
        for (List<RoutingEntry> bucket : table.bucketsSnapshot().values()) {
            for (RoutingEntry e : bucket) {
                size++;
                long age = nowNanos - e.lastActivityNanos();
                boolean failed = e.consecutiveFailures() > 0;
                failing += failed ? 1 : 0;
                stale += failed || age > intervalNanos ? 1 : 0;
                if (age > intervalNanos) {
                    silent.add(e);
                }
                if (table.stateOf(e, nowNanos) == NodeState.GOOD) {
                    good.add(e);
                }
                ages[ageBucket(age)]++;
            }
        }
        silent.sort(Comparator.comparingLong(RoutingEntry::lastActivityNanos));
        good.sort(Comparator.comparingLong(RoutingEntry::lastActivityNanos).reversed());
        return new TableScan(size, failing, stale, ages, silent,
                good.stream().limit(keep).map(RoutingEntry::address).toList());
    }

    double staleFraction() {
        return size == 0 ? 0 : (double) stale / size;
    }

    private static int ageBucket(long ageNanos) {
        long seconds = ageNanos / 1_000_000_000L;
        for (int i = 0; i < AGE_BOUNDS_SECONDS.length; i++) {
            if (seconds <= AGE_BOUNDS_SECONDS[i]) {
                return i;
            }
        }
        return AGE_BOUNDS_SECONDS.length;
    }
}
