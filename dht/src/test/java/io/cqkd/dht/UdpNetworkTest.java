package io.cqkd.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.cluster.BlockingDriver;
import io.cqkd.dht.cluster.Cluster;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.transport.UdpTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Real sockets: 200 nodes on 127.0.0.1 in this JVM, sharing one event-loop group. */
class UdpNetworkTest {

    @Test
    void twoHundredNodesOnLoopbackFindEveryLookupTarget() {
        try (UdpTransport transport = new UdpTransport(2, 256 * 1024)) {
            Cluster cluster = new Cluster(transport, new BlockingDriver(), 77);
            List<DhtNode> nodes = cluster.startNodes(201, DhtConfig.defaults(), i -> new InetSocketAddress("127.0.0.1", 0));
            var joins = cluster.driver().await(
                    cluster.joinAll(nodes.subList(1, nodes.size()), List.of(nodes.get(0).address()), 32),
                    Duration.ofMinutes(2));
            assertThat(joins).doesNotContainNull();

            SplittableRandom random = new SplittableRandom(5);
            List<CompletableFuture<LookupResult>> lookups = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                DhtNode from = nodes.get(random.nextInt(nodes.size()));
                DhtNode to = nodes.get(random.nextInt(nodes.size()));
                if (from != to) {
                    lookups.add(from.lookup(to.id()));
                }
            }
            cluster.driver().await(CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)),
                    Duration.ofMinutes(2));
            assertThat(lookups).allSatisfy(l -> assertThat(l.join().foundTarget()).isTrue());
            cluster.close();
        }
    }
}
