package io.cqkd.phases.health;

import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.util.HashSet;
import java.util.Set;

/**
 * One suspect and the time it is given. The period starts at {@code max} and shrinks toward
 * {@code min} as independent confirmations arrive (memberlist's suspicion):
 * {@code max − (max − min) · ln(c + 1) / ln(k + 1)} for {@code c} of {@code k} expected
 * confirmations — the first confirmation cuts it most, so one lost reply does not keep a dead node
 * long, and no confirmation at all leaves the suspect the longest time to answer. Confined to the
 * node's loop.
 */
final class Suspicion {
    private final Contact suspect;
    private final long startNanos;
    private final long minNanos;
    private final long maxNanos;
    private final int expected;
    private final Set<NodeId> confirmedBy = new HashSet<>();
    /** Re-pings awaiting their answer: at most {@link Suspicions#REPINGS_IN_FLIGHT}, so a suspect holds few call slots. */
    int repingsInFlight;
    /** Re-pings sent: a suspect never asked again (the node was too busy) is not declared dead. */
    int repings;

    Suspicion(Contact suspect, long startNanos, long minNanos, long maxNanos, int expected) {
        this.suspect = suspect;
        this.startNanos = startNanos;
        this.minNanos = minNanos;
        this.maxNanos = maxNanos;
        this.expected = expected;
    }

    Contact suspect() {
        return suspect;
    }

    /** {@code prober} could not reach the suspect either; false if it had said so already. */
    boolean confirm(NodeId prober) {
        return confirmedBy.size() < expected && confirmedBy.add(prober);
    }

    int confirmations() {
        return confirmedBy.size();
    }

    /** When the suspect is declared dead, unless it answers first. */
    long deadlineNanos() {
        return startNanos + periodNanos(confirmedBy.size(), expected, minNanos, maxNanos);
    }

    /** max − (max − min) · ln(c + 1) / ln(k + 1), never below min; max when no confirmation is expected. */
    static long periodNanos(int confirmations, int expected, long minNanos, long maxNanos) {
        if (expected <= 0) {
            return maxNanos;
        }
        double fraction = Math.log(confirmations + 1.0) / Math.log(expected + 1.0);
        return Math.max(minNanos, (long) (maxNanos - fraction * (maxNanos - minNanos)));
    }
}
