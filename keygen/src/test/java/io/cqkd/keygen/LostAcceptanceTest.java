package io.cqkd.keygen;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A worker that accepted a role but whose answer was lost holds a lease the run never learns of;
 * two such leases made it refuse every later run of the same Alice until they expired (2 min). The
 * run gives those leases back too: once a key is made, no worker holds a lease of it.
 */
class LostAcceptanceTest {
    private static final int KEY_BITS = 8;
    private final KeygenNetwork net = new KeygenNetwork(KeygenOptions.of(KEY_BITS).workersNeeded() * 3 / 2, 77);

    @Test
    void leasesWhoseAcceptanceWasLostAreGivenBackAfterTheRun() {
        CompletableFuture<KeyResult> running = net.alice.generate(KeygenOptions.of(KEY_BITS));
        net.sim.runUntil(() -> net.leased().size() >= 100, Duration.ofMinutes(1));
        // Nearly every datagram lost for a moment while the roles are offered: some offers arrive and are
        // accepted, and their answers are lost.
        int leasedBefore = net.leased().size();
        net.sim.setLossRate(0.99);
        net.sim.runFor(Duration.ofMillis(30));
        net.sim.setLossRate(0);
        assertThat(net.leased().size()).as("offers accepted while their answers were lost").isGreaterThan(leasedBefore);

        KeyResult r = net.await(running);
        net.sim.runFor(Duration.ofSeconds(10)); // the releases' round trips

        assertThat(r.aborted()).as(r.abortReason()).isFalse();
        assertThat(net.bobKey(r)).isEqualTo(r.aliceKey());
        assertThat(net.leased()).as("workers still holding a lease of the finished run").isEmpty();
    }
}
