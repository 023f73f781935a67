package io.cqkd.keygen;

import io.cqkd.dht.DhtNode;
import io.cqkd.wire.krpc.Contact;
import java.time.Duration;

/**
 * How long one run's role offers (and releases) may go unanswered, and how long an unanswered offer
 * holds its place in a role's window before the next candidate is asked. Both start from the node's
 * timing policy for that worker, within bounds; the stall also follows the run's own answered
 * offers. Confined to Alice's node loop.
 */
final class OfferTiming {
    /**
     * The longest an offer may go unanswered: the timing policy's timeout for that worker when
     * shorter (phase 3: twice its RTO). A stranger would get the policy's longest (10 s); an offer
     * is one small round trip, spares cover a slow candidate, and each unanswered offer holds a slot.
     */
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(2);
    /**
     * The longest an unanswered offer holds one of the window's places before the next candidate
     * is asked. Below it, the node's timing policy's stall for that worker (phase 3: from measured
     * round trips, as lookups stall), so right after a worker process dies, its nodes' offers stop
     * blocking the live candidates within a few round trips, not after the timeout.
     */
    static final Duration MAX_STALL = Duration.ofMillis(250);

    private final DhtNode node;
    /**
     * The run's answered offers: one unanswered past a few times their median gives its place in
     * the window to the next candidate. After a kill, a fresh run's dead candidates, at 250 ms each
     * while the live answered in ~25 ms, held 3/4 of the window: recruiting 0.4–0.6 s, not 0.1 s.
     */
    private final Stragglers answered;

    OfferTiming(DhtNode node) {
        this.node = node;
        this.answered = new Stragglers(node.scheduler(), node.clock());
    }

    /** An offer of this run was answered {@code nanos} after it was sent. */
    void answered(long nanos) {
        answered.record(nanos);
    }

    /** How long an offer to {@code worker} (and a release of its lease) may go unanswered. */
    Duration timeout(Contact worker) {
        Duration policy = node.control().policies().callTiming().timeout(worker.address(), Methods.ROLE_REQUEST);
        return policy.compareTo(MAX_TIMEOUT) < 0 ? policy : MAX_TIMEOUT;
    }

    /** How long an unanswered offer to {@code candidate} holds its window place. */
    Duration stall(Contact candidate) {
        Duration policy = node.control().policies().callTiming().stallTimeout(candidate.address(), Methods.ROLE_REQUEST);
        Duration bound = policy.compareTo(MAX_STALL) < 0 ? policy : MAX_STALL;
        long runLimit = answered.limitNanos();
        return runLimit > 0 && runLimit < bound.toNanos() ? Duration.ofNanos(runLimit) : bound;
    }
}
