package io.cqkd.dht.async;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Helpers for the futures every node operation returns. */
public final class Futures {
    private Futures() {
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
