package io.cqkd.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.lookup.LookupResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedLookupTest {

    @Test
    void everyLookupInAThousandNodeNetworkFindsItsTarget() {
        SimNetworks net = SimNetworks.bootstrapped(1000, 42, DhtConfig.defaults());
        List<LookupResult> results = net.randomLookups(1000, 7);
        long found = results.stream().filter(LookupResult::foundTarget).count();
        double meanHops = results.stream().mapToInt(LookupResult::hops).average().orElseThrow();
        assertThat(found).isEqualTo(1000);
        // Kademlia's bound, and the project's goal: mean hops at most log2(N) / 2 + 1.
        assertThat(meanHops).isLessThanOrEqualTo(Math.log(1001) / Math.log(2) / 2 + 1);
        assertThat(results).allSatisfy(r -> assertThat(r.hops()).isLessThanOrEqualTo(10));
    }
}
