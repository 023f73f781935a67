package io.cqkd.phases.health;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many health calls (checks, re-pings, indirect probes asked and served) the nodes of one
 * process may start per second, together. A process is one host: its nodes share its cores and
 * its network, and each of them checking its own table would cost (nodes × table size / fast
 * interval) calls a second — 1,200 workers in one process, ~24,000 — and, when a tenth of their
 * peers die at once, ten times that in suspicions and probes, enough to stall the process so that
 * every check times out and every peer looks dead. The budget caps that: past it a call waits for
 * the next tick (counted as deferred), and checking slows down instead of melting down.
 *
 * <p>Generic cell rate: {@code theoretical} is when the budget would be back to full; a call is
 * admitted while it is at most {@link #BURST_SECONDS} of calls ahead of now. Lock-free; any thread
 * (a process's nodes run on several loops), with their clocks' nanoTime, which they share.
 */
public final class HealthBudget {
    /** The burst a quiet process may spend at once, in seconds of its rate. */
    static final double BURST_SECONDS = 1.0;

    private final long nanosPerCall;
    private final long burstNanos;
    private final AtomicLong theoretical = new AtomicLong(Long.MIN_VALUE);

    /** {@code callsPerSecond} health calls a second, over all the nodes that share this budget. */
    public HealthBudget(int callsPerSecond) {
        if (callsPerSecond <= 0) {
            throw new IllegalArgumentException("callsPerSecond must be positive, got " + callsPerSecond);
        }
        this.nanosPerCall = 1_000_000_000L / callsPerSecond;
        this.burstNanos = (long) (BURST_SECONDS * 1e9);
    }

    /** Takes one call's share at {@code nowNanos}; false when the budget is spent for now. */
    public boolean take(long nowNanos) {
        while (true) {
            long tat = theoretical.get();
            long from = tat == Long.MIN_VALUE || tat < nowNanos ? nowNanos : tat;
            long next = from + nanosPerCall;
            if (next - nowNanos > burstNanos) {
                return false;
            }
            if (theoretical.compareAndSet(tat, next)) {
                return true;
            }
        }
    }
}
