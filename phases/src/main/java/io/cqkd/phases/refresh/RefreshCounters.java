package io.cqkd.phases.refresh;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Phase 5's counts over all nodes of a process, read by the metrics at each scrape. Written from
 * many nodes' loops, hence atomic.
 */
public final class RefreshCounters {
    /** Why a bucket was refreshed. */
    public enum Cause { STALE, EVICTION, EMPTIED, EMERGENCY }

    private final AtomicLongArray refreshes = new AtomicLongArray(Cause.values().length);
    private final AtomicLongArray decisions = new AtomicLongArray(RefreshOptimiser.Decision.values().length);
    private final AtomicLongArray rpcs = new AtomicLongArray(1);
    private final AtomicLongArray silent = new AtomicLongArray(4);

    /** A peer that left the table lately was asked whether it is back. */
    void askedLost() {
        silent.incrementAndGet(2);
    }

    /** ... and answered: it is back in the table. */
    void lostCameBack() {
        silent.incrementAndGet(3);
    }

    public long lostAsked() {
        return silent.get(2);
    }

    public long lostBack() {
        return silent.get(3);
    }

    /** An entry unheard for longer than the interval was pinged. */
    void silentPinged() {
        silent.incrementAndGet(0);
    }

    /** A pinged silent entry failed and was evicted. */
    void silentEvicted() {
        silent.incrementAndGet(1);
    }

    public long silentPings() {
        return silent.get(0);
    }

    public long silentEvictions() {
        return silent.get(1);
    }
    private final java.util.concurrent.atomic.AtomicLong emergencies = new java.util.concurrent.atomic.AtomicLong();

    /** A node suspected a partition (failures across its table, or the table emptied) and refreshed every bucket. */
    void emergency() {
        emergencies.incrementAndGet();
    }

    public long emergencies() {
        return emergencies.get();
    }

    void refreshed(Cause cause, int buckets) {
        refreshes.addAndGet(cause.ordinal(), buckets);
    }

    public long refreshes(Cause cause) {
        return refreshes.get(cause.ordinal());
    }

    void decided(RefreshOptimiser.Decision decision) {
        decisions.incrementAndGet(decision.ordinal());
    }

    long decisions(RefreshOptimiser.Decision decision) {
        return decisions.get(decision.ordinal());
    }

    /** A refresh lookup sent {@code n} calls. */
    void refreshRpcs(long n) {
        rpcs.addAndGet(0, n);
    }

    public long refreshRpcs() {
        return rpcs.get(0);
    }
}
