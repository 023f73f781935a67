package io.cqkd.dht.cluster;

import io.cqkd.transport.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * How a caller outside the nodes waits for them. With real sockets the loops run on their own
 * threads and waiting is blocking; in simulation nothing moves unless the caller runs the simulator,
 * so waiting means running it until the future is done.
 */
public interface Driver {
    /** Waits for {@code future} for at most {@code limit} (wall or virtual time); throws on failure. */
    <T> T await(CompletableFuture<T> future, Duration limit);

    /** The clock that the scenario's durations are measured on (wall or virtual). */
    Clock clock();
}
