package io.cqkd.dht.rpc;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The same stall and timeout for every peer and method, learning nothing: the behaviour before
 * phase 3, and its fallback ({@code FALLBACK_TIMEOUT}).
 */
public record FixedCallTiming(Duration stall, Duration timeout) implements CallTiming {
    /** The shortest stall: below it, ordinary jitter on a LAN would already count as a stall. */
    private static final Duration MIN_STALL = Duration.ofMillis(50);

    /**
     * The stall that goes with a fixed {@code timeout} when nothing is measured: a fifth of it, at
     * least 50 ms. A lookup then tries another node after 1 s of the plan's 5 s timeout: a lost
     * datagram costs a fifth of a timeout, at the price of a second call when a node is merely slow.
     */
    public static Duration stallFor(Duration timeout) {
        Duration fifth = timeout.dividedBy(5);
        return fifth.compareTo(MIN_STALL) < 0 ? MIN_STALL : fifth;
    }

    public FixedCallTiming {
        if (stall.isNegative() || stall.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("stall and timeout must be positive, got " + stall + ", " + timeout);
        }
    }

    @Override
    public Duration stallTimeout(InetSocketAddress peer, String method) {
        return stall;
    }

    @Override
    public Duration timeout(InetSocketAddress peer, String method) {
        return timeout;
    }
}
