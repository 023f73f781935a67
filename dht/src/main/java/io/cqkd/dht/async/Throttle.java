package io.cqkd.dht.async;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * At most {@code limit} asynchronous tasks running at once; the others wait their turn, first come
 * first served, in a queue of at most {@code maxWaiting} (beyond it a task is refused at once, so a
 * burst can never grow memory without bound). The one bounded-concurrency pump of the project:
 * verification pings, the join's bucket refreshes, a harness joining thousands of nodes, Alice's
 * calls to her workers and Bob's measurements all go through it.
 *
 * <p>A task starts on the thread that submits it when a slot is free, else on the thread that
 * completes the task before it: on a node's loop, everything stays on that loop. Thread-safe
 * without locks (a CAS on the slot count), so a harness may also submit from one thread while the
 * tasks complete on many loops. Tasks that complete at once are handled in a loop, not by
 * recursion, so a long queue of them cannot overflow the stack.
 */
public final class Throttle {
    private final int limit;
    private final int maxWaiting;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final ConcurrentLinkedQueue<Task<?>> waiting = new ConcurrentLinkedQueue<>();

    /** {@code limit} tasks at once; the queue of waiting tasks is unbounded (the caller bounds its input). */
    public Throttle(int limit) {
        this(limit, Integer.MAX_VALUE);
    }

    public Throttle(int limit, int maxWaiting) {
        if (limit < 1 || maxWaiting < 0) {
            throw new IllegalArgumentException("limit must be >= 1 and maxWaiting >= 0, got " + limit + ", "
                    + maxWaiting);
        }
        this.limit = limit;
        this.maxWaiting = maxWaiting;
    }

    /**
     * Runs {@code task} now if a slot is free, else once one frees. The result completes with the
     * task's; a task that throws fails its result. Fails at once with {@link ThrottleFullException}
     * when {@code maxWaiting} tasks already wait.
     */
    public <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> task) {
        if (!tryEnqueue()) {
            return CompletableFuture.failedFuture(new ThrottleFullException(maxWaiting));
        }
        Task<T> queued = new Task<>(task);
        waiting.add(queued);
        drain();
        return queued.result;
    }

    /**
     * Keeps this throttle's slots busy with tasks from {@code source}: whenever a slot is free it asks
     * the source for the next task (null: none now; the source may have more once a running task
     * completes, as when a failed call must be replaced by another). Completes when the source has
     * none and none of its tasks runs. Call it, and complete its tasks, on one thread (a node's loop):
     * the source is read there without synchronisation.
     */
    public CompletableFuture<Void> pump(Supplier<Supplier<? extends CompletableFuture<?>>> source) {
        Pump pump = new Pump(source);
        pump.fill();
        return pump.done;
    }

    /** Whether a task submitted now would be refused because the queue is full. */
    public boolean isFull() {
        return waitingCount.get() >= maxWaiting;
    }

    /** Tasks running now. */
    public int running() {
        return running.get();
    }

    /** Tasks waiting for a slot. */
    public int waiting() {
        return waitingCount.get();
    }

    private boolean tryEnqueue() {
        while (true) {
            int n = waitingCount.get();
            if (n >= maxWaiting) {
                return false;
            }
            if (waitingCount.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /**
     * Starts waiting tasks while slots are free. Takes a slot first, then a task; gives the slot back
     * when there is none and looks again, so that a task queued by another thread in between is never
     * stranded.
     */
    private void drain() {
        while (true) {
            int n = running.get();
            if (n >= limit) {
                return;
            }
            if (!running.compareAndSet(n, n + 1)) {
                continue;
            }
            Task<?> next = waiting.poll();
            if (next == null) {
                running.decrementAndGet();
                if (waiting.isEmpty()) {
                    return;
                }
                continue;
            }
            waitingCount.decrementAndGet();
            CompletableFuture<?> outcome = next.start();
            if (outcome.isDone()) {
                running.decrementAndGet();
                next.finish();
            } else {
                outcome.whenComplete((value, error) -> {
                    running.decrementAndGet();
                    next.finish();
                    drain();
                });
            }
        }
    }

    /** Pulls tasks from a source into the throttle's free slots; re-entrant calls become another pass. */
    private final class Pump {
        private final Supplier<Supplier<? extends CompletableFuture<?>>> source;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private int outstanding;
        private boolean filling;
        private boolean again;

        Pump(Supplier<Supplier<? extends CompletableFuture<?>>> source) {
            this.source = source;
        }

        void fill() {
            if (filling) {
                again = true; // a task completed at once inside the loop below: look again there
                return;
            }
            filling = true;
            try {
                do {
                    again = false;
                    while (running.get() < limit) {
                        Supplier<? extends CompletableFuture<?>> task = source.get();
                        if (task == null) {
                            break;
                        }
                        outstanding++;
                        submit(() -> anyFuture(task)).whenComplete((value, error) -> {
                            outstanding--;
                            fill();
                        });
                    }
                } while (again);
            } finally {
                filling = false;
            }
            if (outstanding == 0) {
                done.complete(null);
            }
        }
    }

    /** The task's future seen as a future of anything: the pump only waits for it, never reads its value. */
    @SuppressWarnings("unchecked")
    private static CompletableFuture<Object> anyFuture(Supplier<? extends CompletableFuture<?>> task) {
        return (CompletableFuture<Object>) task.get();
    }

    /** One submitted task and the future its submitter holds. */
    private static final class Task<T> {
        private final Supplier<CompletableFuture<T>> body;
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private CompletableFuture<T> outcome;

        Task(Supplier<CompletableFuture<T>> body) {
            this.body = body;
        }

        CompletableFuture<T> start() {
            try {
                outcome = body.get();
            } catch (RuntimeException e) {
                outcome = CompletableFuture.failedFuture(e);
            }
            if (outcome == null) {
                outcome = CompletableFuture.failedFuture(new NullPointerException("the task returned no future"));
            }
            return outcome;
        }

        void finish() {
            outcome.whenComplete((value, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(value);
                }
            });
        }
    }
}
