package io.cqkd.phases.ports;

/** No port could be bound: the range is exhausted, or the static port is in use. */
public final class PortAllocationException extends RuntimeException {
    private final AllocationOutcome outcome;

    public PortAllocationException(AllocationOutcome outcome, String message) {
        super(message, null, false, false);
        this.outcome = outcome;
    }

    public AllocationOutcome outcome() {
        return outcome;
    }
}
