package io.cqkd.phases.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.BootstrapResult;
import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.async.Throttle;
import io.cqkd.dht.cluster.Cluster;
import io.cqkd.dht.cluster.SimDriver;
import io.cqkd.transport.sim.SimNetwork;
import io.cqkd.wire.BDict;
import io.cqkd.wire.Bencode;
import io.cqkd.wire.krpc.CompactEncoding;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's registration flood: 100,000 {@code cqkd_register} calls from 1,000 nodes, each naming
 * regions of its own invention. The super node's registry stays within its bounds, the regional
 * nodes that registered first stay listed, its stats still fit a datagram, and workers that join
 * afterwards are served through the tiers.
 */
class RegisterFloodTest {
    private final SimNetwork sim = new SimNetwork(44);
    private final Cluster cluster = new Cluster(sim, new SimDriver(sim), 44);

    @Test
    void aHundredThousandRegistrationsLeaveTheRegistryBoundedAndJoinsServedThroughTheTiers() {
        List<DhtNode> tiers = cluster.startNodes(3, DhtConfig.defaults(), i -> null);
        DhtNode superNode = tiers.get(0);
        BootstrapService superService = new BootstrapService(superNode, BootstrapTier.SUPER, "any", 500);
        List<BootstrapService> regional = new ArrayList<>();
        for (int i = 1; i < 3; i++) {
            regional.add(new BootstrapService(tiers.get(i), BootstrapTier.REGIONAL, i == 1 ? "east" : "west", 250,
                    List.of(superNode.address())));
        }
        superNode.startNewNetwork();
        cluster.driver().await(cluster.joinAll(tiers.subList(1, 3), List.of(superNode.address()), 2), Duration.ofMinutes(1));
        sim.runFor(Duration.ofSeconds(6));

        List<DhtNode> attackers = cluster.startNodes(1000, DhtConfig.defaults(), i -> null);
        SplittableRandom random = new SplittableRandom(5);
        List<CompletableFuture<BDict>> calls = new ArrayList<>();
        for (DhtNode attacker : attackers) {
            Throttle window = new Throttle(50);
            for (int i = 0; i < 100; i++) {
                BDict register = BDict.builder().put("region", "fake-" + random.nextInt(1_000_000)).build();
                calls.add(window.submit(() -> attacker.query(superNode.address(), BootstrapService.REGISTER, register))
                        .exceptionally(e -> null));
            }
        }
        cluster.driver().await(CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)), Duration.ofHours(1));
        assertThat(calls).hasSize(100_000);
        assertThat(calls.stream().filter(c -> c.join() != null)).as("answered").hasSizeGreaterThan(99_000);

        int known = cluster.driver().await(io.cqkd.dht.async.OnLoop.get(superNode.scheduler(), superService::regionalsKnown),
                Duration.ofSeconds(1));
        assertThat(known).isLessThanOrEqualTo(RegionalRegistry.MAX_REGIONS * RegionalRegistry.MAX_PER_REGION);
        BDict stats = cluster.driver().await(attackers.get(0).query(superNode.address(), BootstrapService.STATS,
                BDict.empty()), Duration.ofSeconds(30));
        assertThat(Bencode.encode(stats).length).as("stats fit a datagram").isLessThan(1200);
        List<InetSocketAddress> listed = stats.requireList("regionals").items().stream()
                .map(v -> CompactEncoding.decodePeer("address", ((BDict) v).requireString("address").toBytes())).toList();
        assertThat(listed).as("the regional nodes registered before the flood")
                .contains(tiers.get(1).address(), tiers.get(2).address());

        List<DhtNode> workers = cluster.startNodes(40, DhtConfig.defaults(), i -> null);
        List<InetSocketAddress> tierAddresses = tiers.stream().map(DhtNode::address).toList();
        List<CompletableFuture<BootstrapResult>> joins = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            joins.add(new TieredJoin(workers.get(i), i % 2 == 0 ? "east" : "west", random.split()).join(tierAddresses));
        }
        cluster.driver().await(CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)), Duration.ofMinutes(10));
        assertThat(joins).allSatisfy(j -> assertThat(j).isCompleted().isNotCompletedExceptionally());
        assertThat(regional.stream().mapToLong(BootstrapService::served).sum()).as("joins the regional tier served")
                .isPositive();
    }
}
