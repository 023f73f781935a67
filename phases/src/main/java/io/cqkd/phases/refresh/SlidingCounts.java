package io.cqkd.phases.refresh;

import java.time.Duration;

/**
 * Counts over a sliding window of equal slots (the oldest slot is dropped as time moves on), for
 * several kinds of event at once: how many happened within the last {@code slots × slot}. Bounded:
 * {@code slots × kinds} longs, whatever the rate. Confined to one node's loop.
 */
final class SlidingCounts {
    private final long slotNanos;
    private final long[][] counts;
    /** The slot index (time / slotNanos) that {@link #counts}' current row belongs to. */
    private long currentSlot = Long.MIN_VALUE;
    private int current;

    SlidingCounts(Duration slot, int slots, int kinds) {
        this.slotNanos = slot.toNanos();
        this.counts = new long[slots][kinds];
    }

    void add(long nowNanos, int kind, long n) {
        advance(nowNanos);
        counts[current][kind] += n;
    }

    /** Events of {@code kind} within the window ending now. */
    long sum(long nowNanos, int kind) {
        advance(nowNanos);
        long total = 0;
        for (long[] slot : counts) {
            total += slot[kind];
        }
        return total;
    }

    private void advance(long nowNanos) {
        long slot = Math.floorDiv(nowNanos, slotNanos);
        if (currentSlot == Long.MIN_VALUE) {
            currentSlot = slot;
            return;
        }
        // Clear every slot passed since the last event (all of them after a long silence).
        for (long s = currentSlot + 1; s <= slot && s - currentSlot <= counts.length; s++) {
            current = (current + 1) % counts.length;
            java.util.Arrays.fill(counts[current], 0);
        }
        if (slot - currentSlot > counts.length) {
            for (long[] row : counts) {
                java.util.Arrays.fill(row, 0);
            }
        }
        currentSlot = Math.max(currentSlot, slot);
    }
}
