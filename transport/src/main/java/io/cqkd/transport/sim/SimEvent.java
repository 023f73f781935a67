package io.cqkd.transport.sim;

import io.cqkd.transport.Cancellable;

/**
 * A task due at a virtual instant. Ties are broken by creation order, which is what makes a run
 * deterministic for a given seed.
 */
final class SimEvent implements Comparable<SimEvent>, Cancellable {
    final long dueNanos;
    final long sequence;
    final Runnable task;
    /** The endpoint whose loop the task belongs to; null for the network's own events. */
    final SimEndpoint owner;
    private boolean cancelled;

    SimEvent(long dueNanos, long sequence, Runnable task, SimEndpoint owner) {
        this.dueNanos = dueNanos;
        this.sequence = sequence;
        this.task = task;
        this.owner = owner;
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    boolean cancelled() {
        return cancelled;
    }

    @Override
    public int compareTo(SimEvent o) {
        int c = Long.compare(dueNanos, o.dueNanos);
        return c != 0 ? c : Long.compare(sequence, o.sequence);
    }
}
