package io.cqkd.keygen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A network a quarter larger than one run, one in twelve of the run's workers killed while it
 * recruits: the first round loses less than half its operations, so the run goes on — and its later
 * rounds need more workers than it has not used yet, found a few at a time by discovery rounds of
 * seconds each. It must give way to a fresh run rather than hunt for them past the API's 120 s
 * deadline (before the rule, the key took 176 s of virtual time).
 */
class SecondRoundInASmallNetworkTest {
    private static final int KEY_BITS = 8;
    private static final int RUN_WORKERS = KeygenOptions.of(KEY_BITS).workersNeeded();
    private final KeygenNetwork net = new KeygenNetwork(RUN_WORKERS * 5 / 4, 2032);

    @Test
    void aLaterRoundTheUnusedWorkersCannotFillGivesWayToAFreshRunWithinTheDeadline() {
        CompletableFuture<KeyResult> running = net.alice.generate(KeygenOptions.of(KEY_BITS)); // the API's 120 s
        net.awaitLeases(RUN_WORKERS * 9 / 10);
        net.crashOneIn(net.leased(), 12, 4);

        KeyResult r = net.await(running);

        assertThat(r.aborted()).as(r.abortReason()).isFalse();
        assertThat(r.restarts()).as("the run gave way to a fresh one").isEqualTo(1);
        assertThat(net.bobKey(r)).isEqualTo(r.aliceKey()).hasSize(KEY_BITS);
    }
}
