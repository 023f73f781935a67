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
        System.out.printf("found=%d meanHops=%.2f events=%d virtualMs=%d%n", found, meanHops,
                net.network.eventsRun(), net.network.elapsedNanos() / 1_000_000);
        assertThat(found).isEqualTo(1000);
    }
}
