package io.cqkd.dht.async;

/**
 * A token bucket: {@code ratePerSecond} tokens a second, at most {@code burst} saved up. Each
 * request takes one; with none left it is refused (the caller counts and drops it). Time comes from
 * the caller (the node's clock), so simulations run it in virtual time. Not thread-safe: confined
 * to its owner's loop.
 */
public final class TokenBucket {
    private final double ratePerSecond;
    private final double burst;
    private double tokens;
    private long lastNanos;

    /** A full bucket at {@code nowNanos}. */
    public TokenBucket(double ratePerSecond, double burst, long nowNanos) {
        requireValid(ratePerSecond, burst);
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** Refuses a rate that is not positive or a burst below one token. */
    static void requireValid(double ratePerSecond, double burst) {
        if (!(ratePerSecond > 0) || !(burst >= 1)) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1, got " + ratePerSecond + ", " + burst);
        }
    }

    /** Takes a token if there is one at {@code nowNanos}. */
    public boolean tryTake(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * ratePerSecond / 1e9);
            lastNanos = nowNanos;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
