package io.cqkd.transport;

import java.time.Duration;

/**
 * The single event loop that a node is confined to. Every task runs on that loop, one at a time, so
 * node state needs no locks. Tasks must never block or sleep: a wait is a {@link #schedule}.
 */
public interface Scheduler {
    /** Runs {@code task} on the loop, after the tasks already queued. Safe to call from any thread. */
    void execute(Runnable task);

    /** Runs {@code task} on the loop once {@code delay} has passed on the loop's {@link Clock}. */
    Cancellable schedule(Duration delay, Runnable task);

    /** True when the calling thread is this loop (then node state may be touched directly). */
    boolean inLoop();
}
