package io.cqkd.phases.adaptive;

import io.cqkd.dht.rpc.CallTiming;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Call timing from measured round trips. A peer that has answered before is given its own RTO
 * (SRTT + 4 RTTVAR, RFC 6298) as its stall and twice that as its timeout: a dead worker Alice talked
 * to costs her a few round trips, not 5 s — unless that peer is far slower than the others (its
 * answers vary too widely for its history to bound them): it gets {@code maxTimeout}. A peer never
 * heard from is given a stall from the node's recent round trips (mldht): max(p10 + 50 ms, p90), so
 * that one call in ten to a stranger is doubled by a parallel one; and twice the node's p99.9 before
 * it is accused — twice as slow as all but one in a thousand of the answers it has had lately —
 * once the node has had enough answers to know that tail, {@code maxTimeout} before. Every answer, late ones included (the peer
 * was alive, only slow), teaches both.
 * Timeouts stay within [{@code minTimeout}, {@code maxTimeout}], and are stretched by the node's own
 * local health. Before any answer, a stranger's stall is the fallback's. Confined to the node's loop.
 */
final class AdaptiveCallTiming implements CallTiming {
    /** Added to p10 for a stranger's stall: below it, ordinary jitter would double too many calls. */
    static final long STALL_MARGIN_NANOS = 50_000_000L;
    /** A peer whose smoothed round trip is this many times the node's median is a slow outlier. */
    static final int SLOW_PEER_FACTOR = 4;
    /**
     * The quantile of recent round trips a stranger's timeout is drawn from: near the slowest, since
     * a network with a few slow nodes (5 % of nodes answering in seconds) shows them in only a few
     * per cent of the answers.
     */
    static final double STRANGER_QUANTILE = 0.999;
    /**
     * A stranger's timeout is this many times that quantile. Higher: fewer live strangers accused
     * on a network with slow nodes; lower: a dead stranger (a worker process killed) holds one of the
     * node's bounded call slots for less time — with the fixed 10 s maximum, a few hundred dead
     * peers in the tables filled Alice's 512 slots and her lookups were refused.
     */
    static final int STRANGER_FACTOR = 2;
    /** The shortest stall: a parallel call sooner than this is waste on any network. */
    static final long MIN_STALL_NANOS = 10_000_000L;

    private final Duration fallbackStall;
    private final long minTimeout;
    private final long maxTimeout;
    private final LocalHealth health;
    private final RttHistogram recent = new RttHistogram();
    private final PeerRttCache peers = new PeerRttCache();
    private long falseTimeouts;

    AdaptiveCallTiming(Duration fallbackStall, Duration minTimeout, Duration maxTimeout, LocalHealth health) {
        this.fallbackStall = fallbackStall;
        this.minTimeout = minTimeout.toNanos();
        this.maxTimeout = maxTimeout.toNanos();
        this.health = health;
    }

    @Override
    public Duration stallTimeout(InetSocketAddress peer, String method) {
        return Duration.ofNanos(stallNanos(peer) * health.multiplier());
    }

    @Override
    public Duration timeout(InetSocketAddress peer, String method) {
        return Duration.ofNanos(timeoutNanos(peer) * health.multiplier());
    }

    private long stallNanos(InetSocketAddress peer) {
        PeerRtt known = peers.get(peer);
        long stall;
        if (known != null) {
            stall = known.rtoNanos();
        } else if (!recent.isEmpty()) {
            stall = Math.max(recent.quantileNanos(0.1) + STALL_MARGIN_NANOS, recent.quantileNanos(0.9));
        } else {
            return fallbackStall.toNanos();
        }
        return Math.min(Math.max(stall, MIN_STALL_NANOS), maxTimeout);
    }

    private long timeoutNanos(InetSocketAddress peer) {
        PeerRtt known = peers.get(peer);
        long timeout;
        if (known != null) {
            // A peer much slower than the others answers too unevenly for its own history to bound
            // it: it gets the longest timeout rather than an accusation for its next slow answer —
            // unless the minimum timeout already gives it that headroom. On one host the median is
            // a fraction of a millisecond, and a worker answering in 2 ms was an "outlier" whose
            // death cost each of Alice's calls the longest timeout.
            boolean outlier = !recent.isEmpty() && known.srttNanos() > SLOW_PEER_FACTOR * recent.quantileNanos(0.5)
                    && SLOW_PEER_FACTOR * known.srttNanos() > minTimeout;
            timeout = outlier ? maxTimeout : 2 * known.rtoNanos();
        } else if (recent.knowsTheTail()) {
            // Nobody waits for a stranger's answer (a lookup moved on at its stall), but the call
            // holds one of the node's bounded slots until it times out: bounded by how slow live
            // peers have been lately.
            timeout = STRANGER_FACTOR * recent.quantileNanos(STRANGER_QUANTILE);
        } else {
            timeout = maxTimeout; // too few answers yet to know how slow a live peer can be
        }
        return Math.min(Math.max(timeout, Math.max(minTimeout, stallNanos(peer))), maxTimeout);
    }

    @Override
    public void answered(InetSocketAddress peer, String method, long rttNanos) {
        learn(peer, rttNanos);
    }

    @Override
    public void answeredLate(InetSocketAddress peer, String method, long rttNanos) {
        falseTimeouts++;
        learn(peer, rttNanos);
    }

    private void learn(InetSocketAddress peer, long rttNanos) {
        recent.add(rttNanos);
        peers.add(peer, rttNanos);
    }

    /** Timeouts whose answer came after all: peers accused while alive. */
    long falseTimeouts() {
        return falseTimeouts;
    }

}
