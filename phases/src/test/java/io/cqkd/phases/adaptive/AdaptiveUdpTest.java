package io.cqkd.phases.adaptive;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.cluster.BlockingDriver;
import io.cqkd.dht.cluster.Cluster;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.transport.UdpTransport;
import io.cqkd.transport.latency.DelayedTransport;
import io.cqkd.transport.latency.WanLatency;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** 300 real-socket nodes on 127.0.0.1 with the wide-area delays injected in front of their sockets. */
class AdaptiveUdpTest {

    @Test
    void everyLookupFindsItsTargetUnderTheAdaptivePolicyWithWanDelays() throws Exception {
        try (DelayedTransport transport = new DelayedTransport(new UdpTransport(), WanLatency.preset(7, 0), 7);
             Cluster cluster = new Cluster(transport, new BlockingDriver(), 7)) {
            List<DhtNode> nodes = cluster.startNodes(300, DhtConfig.defaults(),
                    i -> new InetSocketAddress("127.0.0.1", 0));
            for (DhtNode node : nodes) {
                AdaptiveNode adaptive = AdaptiveNode.start(node, AdaptiveParameters.defaults()).get();
                adaptive.use(true).get();
            }
            nodes.get(0).startNewNetwork().get();
            List<?> joined = cluster.driver().await(cluster.joinAll(nodes.subList(1, 300),
                    List.of(nodes.get(0).address()), 300), Duration.ofMinutes(5));
            assertThat(joined).doesNotContainNull();
            SplittableRandom random = new SplittableRandom(8);
            List<CompletableFuture<LookupResult>> lookups = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                DhtNode from = nodes.get(random.nextInt(300));
                DhtNode to = nodes.get(random.nextInt(300));
                if (from != to) {
                    lookups.add(from.lookup(to.id()));
                }
            }
            cluster.driver().await(CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)),
                    Duration.ofMinutes(5));
            assertThat(lookups).allSatisfy(l -> assertThat(l.join().foundTarget()).isTrue());
            assertThat(nodes.get(5).control().policies().callTiming()).isInstanceOf(AdaptiveCallTiming.class);
        }
    }
}
