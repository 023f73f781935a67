package io.cqkd.dht.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.rpc.RpcRejectedException;
import io.cqkd.dht.rpc.RpcTimeoutException;
import io.cqkd.transport.Endpoint;
import io.cqkd.transport.sim.SimNetwork;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A call the caller's own node refused is sent again; a peer's failure is not. */
class RefusedCallRetryTest {
    private final SimNetwork sim = new SimNetwork(1);
    private final Endpoint endpoint = sim.bind(new InetSocketAddress("10.0.0.1", 1), (sender, payload, at) -> { }).join();
    private final RefusedCallRetry retry = new RefusedCallRetry(endpoint.scheduler(),
            Backoff.jittered(Duration.ofMillis(50), Duration.ofSeconds(1)), 4, new SplittableRandom(1));
    private int sends;

    private CompletableFuture<String> refusedUntil(int sendsRefused, RuntimeException then) {
        sends++;
        if (sends <= sendsRefused) {
            return CompletableFuture.failedFuture(new RpcRejectedException("512 calls already outstanding"));
        }
        return then == null ? CompletableFuture.completedFuture("answer") : CompletableFuture.failedFuture(then);
    }

    @Test
    void aRefusedCallIsSentAgainAfterABackoffUntilItGoesOut() {
        CompletableFuture<String> result = retry.call(() -> refusedUntil(2, null));
        assertThat(result).as("waits on the loop, not at once").isNotDone();
        sim.runUntil(result::isDone, Duration.ofSeconds(10));
        assertThat(result).isCompletedWithValue("answer");
        assertThat(sends).isEqualTo(3);
        assertThat(sim.elapsedNanos()).as("two backoffs of at least 25 ms and 50 ms").isGreaterThanOrEqualTo(75_000_000L);
    }

    @Test
    void afterTheLastAttemptTheRefusalIsTheCallersOutcome() {
        CompletableFuture<String> result = retry.call(() -> refusedUntil(100, null));
        sim.runUntil(result::isDone, Duration.ofSeconds(10));
        assertThat(sends).isEqualTo(4);
        assertThat(result).isCompletedExceptionally();
        assertThat(result.handle((v, e) -> e).join()).isInstanceOf(RpcRejectedException.class);
    }

    @Test
    void aPeersFailureIsNotRetried() {
        CompletableFuture<String> result = retry.call(() -> refusedUntil(0, new RpcTimeoutException("ping", "10.0.0.2:1")));
        assertThat(sends).isEqualTo(1);
        assertThat(result.handle((v, e) -> e).join()).isInstanceOf(RpcTimeoutException.class);
    }
}
