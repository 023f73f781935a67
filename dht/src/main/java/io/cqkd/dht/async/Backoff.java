package io.cqkd.dht.async;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the base delay of attempt {@code n} (from 0) is
 * {@code min(initial · 2^n, max)}, and the delay actually waited is the base times a factor drawn
 * uniformly from [{@code jitterLow}, {@code jitterHigh}). Jitter keeps nodes that failed together
 * from retrying together (a bootstrap node that dropped a burst is not hit by the same burst again).
 * Immutable; the caller keeps the attempt count.
 *
 * @param initial the base delay of the first attempt
 * @param max the base delay never grows past this (a retry loop that runs for hours still retries)
 * @param jitterLow lowest factor applied to the base, at least 0
 * @param jitterHigh highest factor (exclusive), at least {@code jitterLow}; equal to it: no jitter
 */
public record Backoff(Duration initial, Duration max, double jitterLow, double jitterHigh) {
    /** Effectively unbounded: the base keeps doubling. */
    public static final Duration NO_MAX = Duration.ofDays(365);

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + ", " + max);
        }
        if (!(jitterLow >= 0 && jitterHigh >= jitterLow)) {
            throw new IllegalArgumentException("need 0 <= jitterLow <= jitterHigh, got " + jitterLow + ", " + jitterHigh);
        }
    }

    /** Doubling from {@code initial}, capped at {@code max}, each delay drawn from [0.5, 1.5) of its base. */
    public static Backoff jittered(Duration initial, Duration max) {
        return new Backoff(initial, max, 0.5, 1.5);
    }

    /** min(initial · 2^attempt, max), without jitter. */
    public Duration base(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be >= 0, got " + attempt);
        }
        long nanos = initial.toNanos();
        long cap = max.toNanos();
        for (int i = 0; i < attempt && nanos < cap; i++) {
            nanos = nanos > cap / 2 ? cap : nanos * 2;
        }
        return Duration.ofNanos(Math.min(nanos, cap));
    }

    /** The delay to wait before attempt {@code attempt + 1}: the base times a jitter factor. */
    public Duration delay(int attempt, RandomGenerator random) {
        double factor = jitterLow == jitterHigh ? jitterLow : jitterLow + random.nextDouble() * (jitterHigh - jitterLow);
        return Duration.ofNanos((long) (base(attempt).toNanos() * factor));
    }
}
