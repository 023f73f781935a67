package io.cqkd.phases.adaptive;

/**
 * The round-trip times of a node's recent calls, as a decaying histogram of log-spaced bins (the
 * idea of mldht's response-time filter, in 200 bytes a node): bin i holds times up to
 * 1 ms · 1.2^i, so a quantile is known to within 20 %; when the bins hold {@link #MEMORY} samples
 * in all, every count is halved, so the histogram follows the last few hundred calls and forgets
 * older conditions. Confined to the node's loop.
 */
final class RttHistogram {
    private static final long FIRST_BIN_NANOS = 1_000_000L;
    private static final double GROWTH = 1.2;
    /** 1 ms · 1.2^52 ≈ 13 s: the last bin holds everything slower. */
    private static final int BINS = 53;
    /**
     * Samples held before all counts halve. More: steadier quantiles; fewer: a quicker answer to a
     * network whose round trips change (a link, a region, the node's own load).
     */
    static final int MEMORY = 512;

    private final float[] counts = new float[BINS];
    private float total;
    private boolean full;

    void add(long rttNanos) {
        counts[binOf(rttNanos)] += 1;
        total += 1;
        if (total >= MEMORY) {
            full = true;
            total = 0;
            for (int i = 0; i < BINS; i++) {
                counts[i] /= 2;
                total += counts[i];
            }
        }
    }

    /** Whether no sample has been added yet. */
    boolean isEmpty() {
        return total == 0;
    }

    /**
     * Whether the histogram has held {@link #MEMORY} samples: before, its far tail (p99.9) is a
     * guess from too few answers.
     */
    boolean knowsTheTail() {
        return full;
    }

    /** The time that a fraction {@code q} of the remembered calls took at most (the upper edge of its bin). */
    long quantileNanos(double q) {
        double wanted = q * total;
        double seen = 0;
        for (int i = 0; i < BINS; i++) {
            seen += counts[i];
            if (seen >= wanted && counts[i] > 0) {
                return upperEdge(i);
            }
        }
        return upperEdge(BINS - 1);
    }

    private static int binOf(long nanos) {
        if (nanos <= FIRST_BIN_NANOS) {
            return 0;
        }
        int bin = (int) Math.ceil(Math.log((double) nanos / FIRST_BIN_NANOS) / Math.log(GROWTH));
        return Math.min(BINS - 1, bin);
    }

    private static long upperEdge(int bin) {
        return (long) (FIRST_BIN_NANOS * Math.pow(GROWTH, bin));
    }
}
