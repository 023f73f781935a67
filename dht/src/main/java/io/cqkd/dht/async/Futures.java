package io.cqkd.dht.async;

import io.cqkd.transport.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Helpers for the futures every node operation returns. */
public final class Futures {
    private Futures() {
    }

    /** A future completed {@code delay} from now, on {@code scheduler}'s loop. */
    public static CompletableFuture<Void> after(Scheduler scheduler, Duration delay) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        scheduler.schedule(delay, () -> done.complete(null));
        return done;
    }

    /** The failure itself, not the wrapper a dependent stage or {@code get} put around it. */
    public static Throwable cause(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
