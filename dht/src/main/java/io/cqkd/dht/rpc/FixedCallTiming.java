package io.cqkd.dht.rpc;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The same stall and timeout for every peer and method, learning nothing: the behaviour before
 * phase 3, and its fallback ({@code FALLBACK_TIMEOUT}).
 */
public record FixedCallTiming(Duration stall, Duration timeout) implements CallTiming {
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
