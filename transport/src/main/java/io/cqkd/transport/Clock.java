package io.cqkd.transport;

/**
 * Where node logic reads the time. Real sockets use {@link System#nanoTime()}; the simulator gives
 * virtual time, so that a 10,000-node run is deterministic and a failing seed replays exactly.
 */
@FunctionalInterface
public interface Clock {
    /** Monotonic time in nanoseconds; only differences between two readings mean anything. */
    long nanoTime();

    default long millisSince(long startNanos) {
        return (nanoTime() - startNanos) / 1_000_000;
    }
}
