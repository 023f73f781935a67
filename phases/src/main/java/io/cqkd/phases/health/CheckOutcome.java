package io.cqkd.phases.health;

/**
 * What one health check found.
 *
 * @param verdict passed; unreachable (a call went unanswered: the peer becomes suspect, since one
 *     lost datagram proves nothing); faulty (it answered, wrongly: proof, it is evicted at once); or
 *     not checked (our own node refused the calls: says nothing about the peer)
 * @param reason for a verdict other than passed, what failed ({@code find_node-malformed},
 *     {@code value-lost}, ...)
 * @param rpcs calls the check made
 * @param nanos how long it took
 */
public record CheckOutcome(Verdict verdict, String reason, int rpcs, long nanos) {
    public enum Verdict { PASSED, UNREACHABLE, FAULTY, NOT_CHECKED }

    public String label() {
        return verdict.name().toLowerCase(java.util.Locale.ROOT);
    }
}
