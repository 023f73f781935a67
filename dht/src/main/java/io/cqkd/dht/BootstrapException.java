package io.cqkd.dht;

/** A join could not start: no bootstrap node answered and the routing table is empty. */
public final class BootstrapException extends RuntimeException {
    public BootstrapException(String message) {
        super(message);
    }
}
