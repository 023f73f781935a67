package io.cqkd.transport;

/** A scheduled task that may still be called off. Cancelling a task that already ran does nothing. */
@FunctionalInterface
public interface Cancellable {
    void cancel();
}
