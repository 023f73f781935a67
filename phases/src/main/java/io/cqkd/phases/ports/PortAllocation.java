package io.cqkd.phases.ports;

import io.cqkd.transport.Endpoint;

/** A port the registry bound: the node's own socket, how it was found, and how long it took. */
public record PortAllocation(Endpoint endpoint, int port, String region, AllocationOutcome outcome, long nanos) {}
