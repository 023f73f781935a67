package io.cqkd.phases.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.BootstrapResult;
import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.cluster.BlockingDriver;
import io.cqkd.dht.cluster.Cluster;
import io.cqkd.transport.UdpTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Real sockets: 2 super and 4 regional bootstrap nodes and 500 workers on 127.0.0.1 in this JVM. */
class TieredJoinUdpTest {

    @Test
    void fiveHundredWorkersAllJoinThroughTheTiersOnLoopback() {
        try (UdpTransport transport = new UdpTransport(2, 1024 * 1024)) {
            Cluster cluster = new Cluster(transport, new BlockingDriver(), 8);
            InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
            List<DhtNode> tiers = cluster.startNodes(6, DhtConfig.defaults(), i -> any);
            List<InetSocketAddress> supers = List.of(tiers.get(0).address(), tiers.get(1).address());
            String[] regions = {"any", "any", "east", "east", "west", "west"};
            List<BootstrapService> services = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                DhtNode node = tiers.get(i);
                int index = i;
                CompletableFuture<BootstrapService> created = new CompletableFuture<>();
                node.scheduler().execute(() -> created.complete(new BootstrapService(node,
                        index < 2 ? BootstrapTier.SUPER : BootstrapTier.REGIONAL, regions[index],
                        index < 2 ? 500 : 250, index < 2 ? List.of() : supers)));
                services.add(created.join());
            }
            tiers.get(0).startNewNetwork();
            cluster.driver().await(cluster.joinAll(tiers.subList(1, 6), List.of(tiers.get(0).address()), 5),
                    Duration.ofMinutes(1));
            List<InetSocketAddress> addresses = tiers.stream().map(DhtNode::address).toList();
            List<DhtNode> workers = cluster.startNodes(500, DhtConfig.defaults(), i -> any);
            SplittableRandom random = new SplittableRandom(3);
            List<CompletableFuture<BootstrapResult>> joins = new ArrayList<>();
            for (int i = 0; i < workers.size(); i++) {
                DhtNode w = workers.get(i);
                String region = i % 2 == 0 ? "east" : "west";
                long seed = random.nextLong();
                joins.add(new TieredJoin(w, region, new SplittableRandom(seed)).join(addresses));
            }
            cluster.driver().await(CompletableFuture.allOf(joins.stream().map(j -> j.exceptionally(e -> null))
                    .toArray(CompletableFuture[]::new)), Duration.ofMinutes(2));
            assertThat(joins).allSatisfy(j -> assertThat(j).isNotCompletedExceptionally());
            assertThat(services.stream().mapToLong(BootstrapService::served).sum()).isGreaterThanOrEqualTo(500);
            cluster.close();
        }
    }
}
