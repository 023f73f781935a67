package io.cqkd.phases.refresh;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Tells a partition from churn by the node's evictions: many, across many buckets, in a short time.
 * Ordinary churn evicts a peer here and there; a cut through the network takes a whole side of
 * every bucket at once. Bounded by the evictions of one window. Confined to the node's loop.
 */
final class PartitionWatch {
    /** Evictions are counted over this window. */
    static final Duration WINDOW = Duration.ofSeconds(30);
    /** Evictions in at least this many distinct buckets within the window, and ... */
    static final int MIN_BUCKETS = 4;
    /** ... of at least this share of the table (as it was before them). */
    static final double MIN_SHARE = 0.25;

    /** (time, bucket) of the evictions within the window, oldest first. */
    private final ArrayDeque<long[]> evictions = new ArrayDeque<>();

    /** A peer of {@code bucket} was evicted; true when the evictions now look like a partition (the watch starts afresh). */
    boolean evicted(long nowNanos, int bucket, int tableSize) {
        evictions.addLast(new long[] {nowNanos, bucket});
        while (nowNanos - evictions.peekFirst()[0] > WINDOW.toNanos()) {
            evictions.removeFirst();
        }
        long buckets = evictions.stream().mapToLong(e -> e[1]).distinct().count();
        if (buckets >= MIN_BUCKETS && evictions.size() >= MIN_SHARE * (tableSize + evictions.size())) {
            evictions.clear();
            return true;
        }
        return false;
    }
}
