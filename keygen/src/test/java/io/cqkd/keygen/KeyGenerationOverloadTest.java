package io.cqkd.keygen;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.DhtConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Alice's node refusing her own calls (all its call slots busy) is her overload, not an empty DHT:
 * the workers whose offers were never sent are asked again, and discovery waits instead of giving up.
 */
class KeyGenerationOverloadTest {
    @Test
    void aliceWithFewerCallSlotsThanHerRecruitingWindowStillGetsMatchingKeys() {
        int slots = Recruiter.WINDOW / 4;
        KeygenNetwork net = new KeygenNetwork(3500, 2028, DhtConfig.defaults().toBuilder().maxOutstandingRpcs(slots).build());

        KeyResult r = net.generate(KeygenOptions.of(8).withDeadline(Duration.ofMinutes(10)));

        assertThat(net.aliceNode.stats().get("rpc.rejected")).as("Alice's node refused some of her calls").isPositive();
        assertThat(r.aborted()).as(r.abortReason()).isFalse();
        assertThat(net.bobKey(r)).isEqualTo(r.aliceKey()).hasSize(8);
    }
}
