package io.cqkd.keygen;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.DhtNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Key generation while workers die: a network of its own, since the workers it kills stay dead. */
class KeyGenerationUnderFailureTest {
    private final KeygenNetwork net = new KeygenNetwork(4800, 2027);

    @Test
    void killingTenPercentOfTheRecruitedWorkersMidRunStillGivesMatchingKeys() {
        CompletableFuture<KeyResult> running = net.alice.generate(KeygenOptions.of(128)
                .withDeadline(Duration.ofMinutes(10)));
        // Let recruiting finish and the operations start, then crash a tenth of the leased workers.
        net.awaitLeases(KeygenOptions.of(128).workersNeeded() * 9 / 10);
        List<DhtNode> leased = net.leased();
        int killed = net.crashOneIn(leased, 10, 10);
        assertThat(killed).isGreaterThan(leased.size() / 20);
        KeyResult r = net.await(running);
        assertThat(r.aborted()).as(r.abortReason()).isFalse();
        assertThat(net.bobKey(r)).isEqualTo(r.aliceKey()).hasSize(128);
        assertThat(r.rounds()).as("the lost operations were redone in further rounds").isGreaterThan(1);
    }
}
