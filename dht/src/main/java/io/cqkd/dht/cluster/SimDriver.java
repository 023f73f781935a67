package io.cqkd.dht.cluster;

import io.cqkd.transport.Clock;
import io.cqkd.transport.sim.SimNetwork;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/** Waits by running the simulator; durations are virtual. */
public final class SimDriver implements Driver {
    private final SimNetwork network;

    public SimDriver(SimNetwork network) {
        this.network = network;
    }

    @Override
    public <T> T await(CompletableFuture<T> future, Duration limit) {
        if (!network.runUntil(future::isDone, limit)) {
            throw new IllegalStateException(new TimeoutException("not done after " + limit + " of virtual time"));
        }
        return future.join();
    }

    @Override
    public Clock clock() {
        return network;
    }
}
