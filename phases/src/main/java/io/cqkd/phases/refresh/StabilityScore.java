package io.cqkd.phases.refresh;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * How settled a node's view of the network is, in [0, 1]:
 * {@code (1 − drift) × (1 − failed) × (1 − churn)}, each term clamped to [0, 1], where
 * <ul>
 * <li>drift = |size estimate now − a window ago| / ({@link #DRIFT_SCALE} × the older estimate): a
 *     network growing or shrinking fast;</li>
 * <li>failed = the share of the table's entries whose last call failed: peers dying under it;</li>
 * <li>churn = peers that left the table within the window, each counted twice (a leaver's place is
 *     taken by a newcomer), per entry, over {@link #CHURN_SCALE}: peers coming and going. Joins
 *     alone are not counted: a node's own join fills its whole table with newcomers, and a growing
 *     network shows in the drift.</li>
 * </ul>
 * 1 is a table that needs only the slow refresh; below the phase's threshold the interval halves.
 * Confined to the node's loop.
 */
final class StabilityScore {
    /** The window drift and churn are measured over: long enough to see a trend, short enough to follow one. */
    static final Duration WINDOW = Duration.ofMinutes(10);
    /** A size estimate that moved by half within the window counts as fully unstable. */
    static final double DRIFT_SCALE = 0.5;
    /** The whole table turning over once within the window counts as fully unstable. */
    static final double CHURN_SCALE = 1.0;
    private static final int LEFT = 0;

    private final SlidingCounts moves = new SlidingCounts(Duration.ofMinutes(1), 10, 1);
    /** (time, estimate) samples over the last window, oldest first; one per tick at most. */
    private final ArrayDeque<long[]> estimates = new ArrayDeque<>();
    private double last = 1;

    void left(long nowNanos) {
        moves.add(nowNanos, LEFT, 1);
    }

    /** Recomputes the score from the size estimate now and the table's state; returns it. */
    double update(long nowNanos, long sizeEstimate, int tableSize, int failedEntries) {
        if (sizeEstimate > 0) {
            estimates.addLast(new long[] {nowNanos, sizeEstimate});
        }
        while (estimates.size() > 1 && nowNanos - estimates.peekFirst()[0] > WINDOW.toNanos()) {
            estimates.removeFirst();
        }
        double drift = 0;
        if (!estimates.isEmpty() && sizeEstimate > 0) {
            long older = estimates.peekFirst()[1];
            drift = Math.abs(sizeEstimate - older) / (DRIFT_SCALE * older);
        }
        int entries = Math.max(1, tableSize);
        double failed = (double) failedEntries / entries;
        double churn = 2.0 * moves.sum(nowNanos, LEFT) / (CHURN_SCALE * entries);
        last = (1 - clamp(drift)) * (1 - clamp(failed)) * (1 - clamp(churn));
        return last;
    }

    /** The score at the last update; 1 before any. */
    double score() {
        return last;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
