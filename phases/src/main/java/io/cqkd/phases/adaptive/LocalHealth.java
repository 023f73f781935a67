package io.cqkd.phases.adaptive;

/**
 * Lifeguard's local health, for one node: a score from 0 to {@link #MAX_SCORE} that rises while the
 * node itself shows it is slow — its loop runs late, or its calls in flight near their bound — and
 * falls while it keeps up. Timeouts are stretched by 1 + score: a node that is slow waits longer
 * instead of accusing healthy peers of its own slowness (HashiCorp reports about 50 times fewer false
 * accusations with this in memberlist). Confined to the node's loop.
 */
final class LocalHealth {
    /** Lifeguard's default: at worst a node waits nine times its normal timeouts. */
    static final int MAX_SCORE = 8;
    /** A loop that runs a timer this late is busy: a peer's answer may be waiting in its queue. */
    static final long LATE_LOOP_NANOS = 100_000_000L;
    /** A loop this punctual is keeping up. */
    static final long PUNCTUAL_LOOP_NANOS = 20_000_000L;
    /** Calls in flight above this share of the bound: the node sends more than it can follow. */
    static final double HIGH_LOAD = 0.9;

    private int score;

    /** A timer of the node's loop ran {@code lagNanos} after it was due. */
    void loopLag(long lagNanos) {
        if (lagNanos > LATE_LOOP_NANOS) {
            raise();
        } else if (lagNanos < PUNCTUAL_LOOP_NANOS) {
            lower();
        }
    }

    /** The share of the node's call bound in flight now. */
    void load(double fraction) {
        if (fraction > HIGH_LOAD) {
            raise();
        }
    }

    int score() {
        return score;
    }

    /** What timeouts are multiplied by: 1 when healthy, up to 1 + MAX_SCORE. */
    int multiplier() {
        return 1 + score;
    }

    private void raise() {
        score = Math.min(MAX_SCORE, score + 1);
    }

    private void lower() {
        score = Math.max(0, score - 1);
    }
}
