package io.cqkd.phases.health;

/**
 * Lifeguard's local health, for the detector: a node whose own probes get no answer from anyone —
 * not even the indirect probers' "could not reach it" — is more likely the one in trouble (its
 * network, its loop) than the peers it would accuse. Each such round raises the score, each check a
 * peer passes lowers it; check timeouts and suspicion periods are stretched (score + 1) times, so a
 * struggling node waits longer instead of declaring the healthy dead. Confined to the node's loop.
 */
final class Awareness {
    /** Highest score: stretching past 9× would leave the dead in the table for minutes. */
    static final int MAX_SCORE = 8;

    /** Written on the node's loop; volatile for the metrics' reads. */
    private volatile int score;

    /** A round of indirect probes in which no prober answered at all. */
    void nobodyAnswered() {
        score = Math.min(MAX_SCORE, score + 1);
    }

    /** A check passed: the node can reach its peers. */
    void checkPassed() {
        score = Math.max(0, score - 1);
    }

    int score() {
        return score;
    }

    /** The factor timeouts and suspicions are stretched by. */
    int multiplier() {
        return score + 1;
    }
}
