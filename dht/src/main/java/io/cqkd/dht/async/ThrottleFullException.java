package io.cqkd.dht.async;

/** A {@link Throttle}'s queue of waiting tasks is full: the task was refused, not queued. */
public final class ThrottleFullException extends RuntimeException {
    public ThrottleFullException(int maxWaiting) {
        super(maxWaiting + " tasks already waiting");
    }
}
