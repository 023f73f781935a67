package io.cqkd.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.async.Throttle;
import io.cqkd.dht.cluster.Cluster;
import io.cqkd.dht.cluster.SimDriver;
import io.cqkd.transport.sim.SimNetwork;
import io.cqkd.wire.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** One source flooding a node with pings: it gets its rate's worth of answers, an honest peer all of its own. */
class SourceLimitsTest {
    @Test
    void aFloodingSourceIsHeldToItsRateWhileAnotherIsServedInFull() {
        SimNetwork sim = new SimNetwork(17);
        Cluster cluster = new Cluster(sim, new SimDriver(sim), 17);
        DhtConfig limited = DhtConfig.defaults().toBuilder().queriesPerSource(100).build();
        DhtNode victim = cluster.startNodes(1, limited, i -> null).get(0);
        DhtNode flooder = cluster.startNodes(1, DhtConfig.defaults(), i -> null).get(0);
        DhtNode honest = cluster.startNodes(1, DhtConfig.defaults(), i -> null).get(0);

        long start = sim.nanoTime();
        Throttle window = new Throttle(200);
        List<CompletableFuture<NodeId>> flood = new ArrayList<>();
        List<CompletableFuture<NodeId>> fair = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            flood.add(window.submit(() -> flooder.ping(victim.address())).exceptionally(e -> null));
            if (i % 100 == 0) {
                fair.add(honest.ping(victim.address()).exceptionally(e -> null));
            }
        }
        cluster.driver().await(CompletableFuture.allOf(flood.toArray(CompletableFuture[]::new)), Duration.ofHours(1));
        cluster.driver().await(CompletableFuture.allOf(fair.toArray(CompletableFuture[]::new)), Duration.ofHours(1));
        double seconds = (sim.nanoTime() - start) / 1e9;

        long answered = flood.stream().filter(f -> f.join() != null).count();
        assertThat(answered).as("the flooder's answers in %.1f s", seconds)
                .isLessThanOrEqualTo((long) (200 + 100 * seconds) + 1).isPositive();
        assertThat(fair).allSatisfy(f -> assertThat(f.join()).as("the honest peer's pings").isEqualTo(victim.id()));
        assertThat(victim.stats().get("dropped.rate-limited")).isEqualTo(3000 - answered);
    }
}
