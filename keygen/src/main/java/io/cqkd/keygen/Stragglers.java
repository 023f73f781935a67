package io.cqkd.keygen;

import io.cqkd.dht.async.Futures;
import io.cqkd.transport.Clock;
import io.cqkd.transport.Scheduler;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Gives up the slowest of one run's steps of a kind (Alice's preparations, Bob's measurements), so
 * that the run does not wait for a dead worker's timeout: a step still running {@link #FACTOR}
 * times as long as the median of the finished steps took ({@link #FLOOR} at least) fails as a
 * straggler. A failed step only drops its operation, and the next round makes up for it; right
 * after a worker process dies, waiting for each of its workers' timeouts (at least
 * {@code KADEMLIA_MIN_TIMEOUT}, 250 ms) cost the key in flight more than the rest of its work.
 * Measured per run, so the limit follows the network: a few milliseconds on one host, seconds
 * across continents. A given-up step's calls still run to their answer or timeout; their results
 * are ignored. Confined to its node's loop.
 */
final class Stragglers {
    /**
     * How many times the median a step may take. Higher: fewer live but slow workers' operations
     * dropped (each costs part of another round); lower: a dead worker's operation given up sooner.
     */
    static final int FACTOR = 4;
    /** The limit at least: below it, a loop hiccup or a GC pause would drop live operations. */
    static final Duration FLOOR = Duration.ofMillis(50);
    /** Finished steps before a median is trusted: until then, nothing is given up. */
    static final int MIN_FINISHED = 8;

    private final Scheduler scheduler;
    private final Clock clock;
    private long[] finishedNanos = new long[16];
    private int finished;
    private long limit;
    /** How many had finished when {@link #limit} was computed. */
    private int limitFor = -1;

    Stragglers(Scheduler scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** {@code step} started now; its result, or a failure once it is a straggler. */
    <T> CompletableFuture<T> bound(Supplier<CompletableFuture<T>> step) {
        long start = clock.nanoTime();
        CompletableFuture<T> out = new CompletableFuture<>();
        step.get().whenComplete((value, error) -> {
            if (out.isDone()) {
                return; // given up already
            }
            record(clock.nanoTime() - start);
            if (error != null) {
                out.completeExceptionally(error);
            } else {
                out.complete(value);
            }
        });
        checkLater(out, start, FLOOR.toNanos());
        return out;
    }

    private void checkLater(CompletableFuture<?> step, long start, long delayNanos) {
        Futures.after(scheduler, Duration.ofNanos(delayNanos)).thenRun(() -> check(step, start));
    }

    private void check(CompletableFuture<?> step, long start) {
        if (step.isDone()) {
            return;
        }
        long elapsed = clock.nanoTime() - start;
        long limit = limitNanos();
        if (limit > 0 && elapsed >= limit) {
            step.completeExceptionally(new KeygenException("gave up a straggling step after "
                    + Duration.ofNanos(elapsed).toMillis() + " ms"));
            return;
        }
        // No median yet: look again after as long as it has run; else at the limit.
        checkLater(step, start, limit > 0 ? limit - elapsed : Math.max(elapsed, FLOOR.toNanos()));
    }

    /** FACTOR × the median of the finished steps, at least FLOOR; 0 while too few finished. */
    long limitNanos() {
        if (finished < MIN_FINISHED) {
            return 0;
        }
        if (limitFor != finished) { // sorted again only when a step finished since
            long[] sorted = Arrays.copyOf(finishedNanos, finished);
            Arrays.sort(sorted);
            limit = Math.max(FLOOR.toNanos(), FACTOR * sorted[finished / 2]);
            limitFor = finished;
        }
        return limit;
    }

    /** One more step of the kind finished after {@code nanos}. */
    void record(long nanos) {
        if (finished == finishedNanos.length) {
            finishedNanos = Arrays.copyOf(finishedNanos, 2 * finished);
        }
        finishedNanos[finished++] = nanos;
    }
}
