package io.cqkd.keygen;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * At most {@code limit} asynchronous tasks running at once; the others wait their turn in order.
 * Keeps one node's calls in flight under its RPC engine's bound, however many requests arrive.
 * Confined to the node's loop.
 */
final class Throttle {
    private final int limit;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int running;

    Throttle(int limit) {
        this.limit = limit;
    }

    <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> {
            running++;
            CompletableFuture<T> f;
            try {
                f = task.get();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((value, error) -> {
                running--;
                Runnable next = waiting.poll();
                if (next != null) {
                    next.run();
                }
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(value);
                }
            });
        };
        if (running < limit) {
            start.run();
        } else {
            waiting.add(start);
        }
        return result;
    }
}
