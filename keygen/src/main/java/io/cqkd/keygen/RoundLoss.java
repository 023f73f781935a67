package io.cqkd.keygen;

/**
 * Judges, while a run's first round is still being prepared, whether more than
 * {@link KeyRun#RESTART_LOSS} of its operations will be lost, so that the run gives way to a fresh one
 * as soon as that is clear rather than after every step was given up or done and Bob had measured
 * the rest.
 *
 * <p>Told each operation's own outcome: its workers' answers, or a worker's timeout — not the
 * straggler limit, which live workers cross too when their JVM pauses (judged on it, a healthy run
 * before any kill was declared lost: 84 of its first 91 steps given up). Lost once more than the
 * share of all the round's operations failed (certain), or once {@link #sampleSize} have finished
 * and more than the share of those failed. The early verdict errs towards finishing the round: a
 * live worker's step finishes in a round trip, a dead one's only at its timeout, so the first to
 * finish over-represent the live ones. Confined to Alice's node loop.
 */
final class RoundLoss {
    /**
     * Finished operations before their lost share is trusted: a quarter of the round, at least
     * this many. Fewer: a loop hiccup that fails a handful of live steps could restart a healthy
     * run; more: the verdict comes after more waves of dead workers' straggler limits.
     */
    static final int MIN_SAMPLE = 64;

    private final int operations;
    private final double share;
    private final int sampleSize;
    private int finished;
    private int failed;

    /** A round of {@code operations} lost when more than {@code share} of them fail. */
    RoundLoss(int operations, double share) {
        if (operations < 1 || !(share > 0 && share < 1)) {
            throw new IllegalArgumentException("operations must be >= 1 and share in (0, 1), got "
                    + operations + ", " + share);
        }
        this.operations = operations;
        this.share = share;
        this.sampleSize = Math.min(operations, Math.max(MIN_SAMPLE, operations / 4));
    }

    /** One more operation finished ({@code prepared}: whether its photon was prepared). */
    void record(boolean prepared) {
        finished++;
        if (!prepared) {
            failed++;
        }
    }

    /** Whether the round is lost already, by the rule above. */
    boolean isLost() {
        return failed > share * operations || finished >= sampleSize && failed > share * finished;
    }

    /** Failed operations so far, for the message. */
    int failed() {
        return failed;
    }

    int finished() {
        return finished;
    }

    int operations() {
        return operations;
    }
}
