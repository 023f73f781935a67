package io.cqkd.phases.ports;

/** How a port allocation ended. */
public enum AllocationOutcome {
    /** The preferred port was free. */
    PREFERRED,
    /** Another free port of the range (the region's slice first). */
    FALLBACK,
    /** Dynamic ports off: the one static port. */
    STATIC,
    /** No free port left in the range. */
    EXHAUSTED,
    /** Dynamic ports off and the static port taken. */
    STATIC_IN_USE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
