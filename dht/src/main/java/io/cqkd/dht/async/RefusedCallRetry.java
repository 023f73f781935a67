package io.cqkd.dht.async;

import io.cqkd.dht.rpc.RpcRejectedException;
import io.cqkd.transport.Scheduler;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Sends a call again, after a backoff, while the caller's own node refuses to send it (every call
 * slot busy, {@link RpcRejectedException}): that refusal says the caller is overloaded, nothing about
 * the peer, so it must not count as the peer's failure. Any other outcome, and the last refusal
 * after {@code attempts}, is the caller's. The waits are scheduled on the node's loop, never slept.
 */
public final class RefusedCallRetry {
    private final Scheduler scheduler;
    private final Backoff backoff;
    private final int attempts;
    private final RandomGenerator random;

    /**
     * @param attempts sends at most, the first included: more rides out a longer overload, fewer
     *                 reports it sooner (as a failed call)
     */
    public RefusedCallRetry(Scheduler scheduler, Backoff backoff, int attempts, RandomGenerator random) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        }
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.attempts = attempts;
        this.random = random;
    }

    /** {@code call}'s outcome, sending it again while it is refused. */
    public <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(call, 0, result);
        return result;
    }

    private <T> void attempt(Supplier<CompletableFuture<T>> call, int attempt, CompletableFuture<T> result) {
        call.get().whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else if (Futures.cause(error) instanceof RpcRejectedException && attempt + 1 < attempts) {
                scheduler.schedule(backoff.delay(attempt, random), () -> attempt(call, attempt + 1, result));
            } else {
                result.completeExceptionally(Futures.cause(error));
            }
        });
    }
}
