package io.cqkd.phases.ports;

/** Hears every allocation and release, for metrics. Must be quick and thread-safe. */
public interface PortListener {
    PortListener NONE = new PortListener() {};

    default void allocated(String region, AllocationOutcome outcome, long nanos) {}

    default void released(String region) {}
}
