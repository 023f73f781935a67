package io.cqkd.phases.refresh;

import java.time.Duration;

/**
 * Tunes a node's refresh interval by what its refreshing achieves, over a sliding window: while fewer
 * of its lookups find nodes than {@code targetSuccess}, it refreshes more often; while refresh RPCs
 * are more than {@code maxOverhead} of all it sends, less often; with both well within bounds, it
 * steps back towards the plan's formula. One bounded step ({@link #STEP}) per {@link #PERIOD}, the
 * factor within [{@link #MIN_FACTOR}, {@link #MAX_FACTOR}] and the interval within the phase's
 * clamp whatever the factor. Confined to the node's loop.
 */
final class RefreshOptimiser {
    /** What one decision did. */
    enum Decision { MORE_OFTEN, LESS_OFTEN, RELAX, HOLD }

    /** Decisions at most this often: a step's effect shows within a few refresh rounds. */
    static final Duration PERIOD = Duration.ofMinutes(1);
    /** The factor's change per decision: 25 %, so that four steps in a row double or halve it. */
    static final double STEP = 1.25;
    static final double MIN_FACTOR = 0.25;
    static final double MAX_FACTOR = 4;
    /** Lookups the window needs before their success rate says anything. */
    static final int MIN_LOOKUPS = 10;
    /** RPCs the window needs before the refresh share says anything. */
    static final int MIN_RPCS = 100;
    private static final int LOOKUPS = 0;
    private static final int FOUND = 1;
    private static final int REFRESH_RPCS = 2;
    private static final int ALL_RPCS = 3;

    private final double targetSuccess;
    private final double maxOverhead;
    private final SlidingCounts window = new SlidingCounts(Duration.ofMinutes(1), 10, 4);
    private double factor = 1;
    private long nextDecisionNanos = Long.MIN_VALUE;

    RefreshOptimiser(double targetSuccess, double maxOverhead) {
        this.targetSuccess = targetSuccess;
        this.maxOverhead = maxOverhead;
    }

    /** A lookup of the node finished; {@code found}: it found nodes; {@code refreshRpcs}: its calls, if it was a refresh. */
    void lookupDone(long nowNanos, boolean found, int refreshRpcs) {
        window.add(nowNanos, LOOKUPS, 1);
        window.add(nowNanos, FOUND, found ? 1 : 0);
        window.add(nowNanos, REFRESH_RPCS, refreshRpcs);
    }

    /** The node pinged an entry gone quiet: refresh traffic too. */
    void pinged(long nowNanos) {
        window.add(nowNanos, REFRESH_RPCS, 1);
    }

    /** The node sent {@code rpcs} calls since the last report. */
    void sent(long nowNanos, long rpcs) {
        window.add(nowNanos, ALL_RPCS, rpcs);
    }

    /** Decides, if a period has passed since the last decision; null when it is not time yet. */
    Decision decide(long nowNanos) {
        if (nowNanos < nextDecisionNanos) {
            return null;
        }
        nextDecisionNanos = nowNanos + PERIOD.toNanos();
        long lookups = window.sum(nowNanos, LOOKUPS);
        long all = window.sum(nowNanos, ALL_RPCS);
        boolean judgeSuccess = lookups >= MIN_LOOKUPS;
        boolean judgeOverhead = all >= MIN_RPCS;
        double success = judgeSuccess ? (double) window.sum(nowNanos, FOUND) / lookups : 1;
        double overhead = judgeOverhead ? (double) window.sum(nowNanos, REFRESH_RPCS) / all : 0;
        if (judgeSuccess && success < targetSuccess && factor > MIN_FACTOR) {
            factor = Math.max(MIN_FACTOR, factor / STEP);
            return Decision.MORE_OFTEN;
        }
        if (judgeOverhead && overhead > maxOverhead && factor < MAX_FACTOR) {
            factor = Math.min(MAX_FACTOR, factor * STEP);
            return Decision.LESS_OFTEN;
        }
        boolean easy = success >= targetSuccess && overhead <= maxOverhead / 2;
        if (easy && Math.abs(factor - 1) > 1e-9) {
            factor = factor < 1 ? Math.min(1, factor * STEP) : Math.max(1, factor / STEP);
            return Decision.RELAX;
        }
        return Decision.HOLD;
    }

    /** The factor the plan's interval is multiplied by: below 1 refreshes more often. */
    double factor() {
        return factor;
    }
}
