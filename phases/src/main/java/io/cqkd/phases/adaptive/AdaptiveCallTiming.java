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
 * that one call in ten to a stranger is doubled by a parallel one; and {@code maxTimeout} before it
 * is accused. Every answer, late ones included (the peer was alive, only slow), teaches both.
 * Timeouts stay within [{@code minTimeout}, {@code maxTimeout}], and are stretched by the node's own
 * local health. Before any answer, a stranger's stall is the fallback's. Confined to the node's loop.
 */
final class AdaptiveCallTiming implements CallTiming {
    /** Added to p10 for a stranger's stall: below it, ordinary jitter would double too many calls. */
    static final long STALL_MARGIN_NANOS = 50_000_000L;
    /** A peer whose smoothed round trip is this many times the node's median is a slow outlier. */
    static final int SLOW_PEER_FACTOR = 4;
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
            // it: it gets the longest timeout rather than an accusation for its next slow answer.
            boolean outlier = !recent.isEmpty() && known.srttNanos() > SLOW_PEER_FACTOR * recent.quantileNanos(0.5);
            timeout = outlier ? maxTimeout : 2 * known.rtoNanos();
        } else {
            // A stranger gets the longest timeout: accusing a node we know nothing of costs more than
            // waiting, and nobody waits for it — a lookup moved on at its stall, and the workers Alice
            // calls have answered her lookups before (they are not strangers).
            timeout = maxTimeout;
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
