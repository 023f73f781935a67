package io.cqkd.dht.async;

import io.cqkd.transport.Scheduler;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs work on a node's loop from any thread: directly when already on it, else as a task queued
 * there. What the architecture's confinement rule looks like in code: state is touched only inside
 * the action, the caller only sees the future.
 */
public final class OnLoop {
    private OnLoop() {}

    /** Runs {@code action} on the loop; its future's outcome (or its exception) becomes the result's. */
    public static <T> CompletableFuture<T> call(Scheduler loop, Supplier<CompletableFuture<T>> action) {
        if (loop.inLoop()) {
            return guarded(action);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> forward(guarded(action), result));
        return result;
    }

    /** Computes a value on the loop. */
    public static <T> CompletableFuture<T> get(Scheduler loop, Supplier<T> value) {
        return call(loop, () -> CompletableFuture.completedFuture(value.get()));
    }

    /** Runs {@code action} on the loop; completes when it has run. */
    public static CompletableFuture<Void> run(Scheduler loop, Runnable action) {
        return call(loop, () -> {
            action.run();
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Completes {@code target} as {@code source} completes. */
    public static <T> void forward(CompletableFuture<T> source, CompletableFuture<T> target) {
        source.whenComplete((value, error) -> {
            if (error != null) {
                target.completeExceptionally(error);
            } else {
                target.complete(value);
            }
        });
    }

    private static <T> CompletableFuture<T> guarded(Supplier<CompletableFuture<T>> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
