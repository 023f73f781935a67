package io.cqkd.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.wire.BString;
import io.cqkd.wire.Ed25519KeyPair;
import io.cqkd.wire.MutableItems;
import io.cqkd.wire.NodeId;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Whole networks in virtual time, fixed seeds: what users rely on, asserted end to end. */
class SimulatedNetworkTest {

    @Test
    void lookupsSurviveFivePercentLoss() {
        SimNetworks net = SimNetworks.bootstrapped(1000, 5, DhtConfig.defaults());
        net.network.setLossRate(0.05);
        List<LookupResult> results = net.randomLookups(1000, 11);
        long found = results.stream().filter(LookupResult::foundTarget).count();
        assertThat(found).isGreaterThanOrEqualTo(990);
        assertThat(net.network.stats().lost()).isPositive(); // the loss really happened
    }

    @Test
    void immutableAndMutableValuesPutFromOneNodeAreGotFromAHundredOthers() {
        SimNetworks net = SimNetworks.bootstrapped(400, 9, DhtConfig.defaults());
        DhtNode writer = net.nodes.get(17);
        BString value = BString.utf8("a value for everyone");
        PutResult put = net.cluster.driver().await(writer.putImmutable(value), Duration.ofMinutes(1));
        assertThat(put.accepted()).isGreaterThanOrEqualTo(DhtConfig.defaults().k() / 2);

        Ed25519KeyPair key = Ed25519KeyPair.fromSeed(new byte[32]);
        byte[] salt = "cqkd".getBytes();
        await(net, writer.putMutable(key, salt, 1, BString.utf8("v1"), null));
        await(net, writer.putMutable(key, salt, 2, BString.utf8("v2"), 1L));

        SplittableRandom random = new SplittableRandom(3);
        List<CompletableFuture<GetResult>> immutableGets = new ArrayList<>();
        List<CompletableFuture<GetResult>> mutableGets = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            DhtNode reader = net.nodes.get(random.nextInt(net.nodes.size()));
            immutableGets.add(reader.getImmutable(MutableItems.immutableTarget(value)));
            mutableGets.add(reader.getMutable(key.publicKey(), salt));
        }
        await(net, CompletableFuture.allOf(immutableGets.toArray(CompletableFuture[]::new)));
        await(net, CompletableFuture.allOf(mutableGets.toArray(CompletableFuture[]::new)));
        assertThat(immutableGets).allSatisfy(g -> assertThat(g.join().value()).isEqualTo(value));
        assertThat(mutableGets).allSatisfy(g -> {
            assertThat(g.join().value()).isEqualTo(BString.utf8("v2"));
            assertThat(g.join().seq()).isEqualTo(2L);
        });
    }

    @Test
    void announcedPeersAreFoundByOthers() {
        SimNetworks net = SimNetworks.bootstrapped(300, 13, DhtConfig.defaults());
        NodeId infoHash = NodeId.random(new SplittableRandom(1));
        PutResult announced = await(net, net.nodes.get(5).announce(infoHash, 6881));
        assertThat(announced.accepted()).isPositive();
        PeersResult peers = await(net, net.nodes.get(250).getPeers(infoHash));
        assertThat(peers.peers()).contains(new InetSocketAddress(net.nodes.get(5).address().getAddress(), 6881));
    }

    @Test
    void lookupsAcrossAHealedPartitionSucceedAgain() {
        SimNetworks net = SimNetworks.bootstrapped(400, 21, DhtConfig.defaults());
        Set<InetSocketAddress> sideA = new HashSet<>();
        for (int i = 0; i < net.nodes.size(); i += 2) {
            sideA.add(net.nodes.get(i).address());
        }
        net.network.partition(sideA::contains);
        List<LookupResult> during = crossLookups(net, sideA, 200, 1);
        long foundDuring = during.stream().filter(LookupResult::foundTarget).count();
        net.network.runFor(Duration.ofMinutes(5)); // a long cut: calls across it fail, entries go bad

        net.network.heal();
        net.network.runFor(Duration.ofMinutes(3)); // maintenance rounds revalidate the far side
        List<LookupResult> after = crossLookups(net, sideA, 200, 2);
        long foundAfter = after.stream().filter(LookupResult::foundTarget).count();

        assertThat(foundDuring).isZero();
        assertThat(foundAfter).isEqualTo(200);
    }

    /** Lookups from a node on one side of the cut to a target on the other. */
    private static List<LookupResult> crossLookups(SimNetworks net, Set<InetSocketAddress> sideA, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<CompletableFuture<LookupResult>> lookups = new ArrayList<>();
        while (lookups.size() < count) {
            DhtNode from = net.nodes.get(random.nextInt(net.nodes.size()));
            DhtNode to = net.nodes.get(random.nextInt(net.nodes.size()));
            if (sideA.contains(from.address()) != sideA.contains(to.address())) {
                lookups.add(from.lookup(to.id()));
            }
        }
        await(net, CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)));
        return lookups.stream().map(CompletableFuture::join).toList();
    }

    private static <T> T await(SimNetworks net, CompletableFuture<T> future) {
        return net.cluster.driver().await(future, Duration.ofHours(1));
    }
}
