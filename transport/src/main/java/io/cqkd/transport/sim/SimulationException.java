package io.cqkd.transport.sim;

/** A task of a simulated node threw: a bug, reported with the virtual time it happened at. */
public final class SimulationException extends RuntimeException {
    public SimulationException(String message, Throwable cause) {
        super(message, cause);
    }
}
