package io.cqkd.keygen;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A network sized for one run, a fifth of the run's workers killed while it prepares its photons:
 * about two thirds of its operations are lost (five workers each), more than the workers it has not
 * used can replace, and none may serve the run twice — so the request starts a fresh run among the
 * survivors instead of failing.
 */
class KeyGenerationRestartTest {
    private static final int KEY_BITS = 8;
    /** Workers one run needs: five per operation. */
    private static final int RUN_WORKERS = KeygenOptions.of(KEY_BITS).workersNeeded();
    /** A third more than one run needs: enough for a fresh run after the kill, not for the lost operations. */
    private final KeygenNetwork net = new KeygenNetwork(RUN_WORKERS * 4 / 3, 2031);

    @Test
    void workersKilledUnderARunThatCannotReplaceThemGiveAKeyFromAFreshRun() {
        CompletableFuture<KeyResult> running = net.alice.generate(KeygenOptions.of(KEY_BITS)
                .withDeadline(Duration.ofMinutes(10)));
        net.awaitLeases(RUN_WORKERS * 9 / 10);
        int killed = net.crashOneIn(net.leased(), 5, 3);
        assertThat(killed).isGreaterThan(RUN_WORKERS / 7);

        KeyResult r = net.await(running);

        assertThat(r.aborted()).as(r.abortReason()).isFalse();
        assertThat(r.restarts()).as("the first run ran out of workers").isEqualTo(1);
        assertThat(net.bobKey(r)).isEqualTo(r.aliceKey()).hasSize(KEY_BITS);
    }
}
