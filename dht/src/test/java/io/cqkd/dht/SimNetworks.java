package io.cqkd.dht;

import io.cqkd.dht.cluster.Cluster;
import io.cqkd.dht.cluster.SimDriver;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.transport.sim.SimNetwork;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/** Builds bootstrapped simulated networks for whole-network tests. */
final class SimNetworks {
    final SimNetwork network;
    final Cluster cluster;
    final List<DhtNode> nodes;

    private SimNetworks(SimNetwork network, Cluster cluster, List<DhtNode> nodes) {
        this.network = network;
        this.cluster = cluster;
        this.nodes = nodes;
    }

    static SimNetworks bootstrapped(int size, long seed, DhtConfig config) {
        SimNetwork network = new SimNetwork(seed);
        Cluster cluster = new Cluster(network, new SimDriver(network), seed);
        List<DhtNode> nodes = cluster.startNodes(size, config, i -> null);
        InetSocketAddress seedAddress = nodes.get(0).address();
        var joined = cluster.driver().await(
                cluster.joinAll(nodes.subList(1, size), List.of(seedAddress), 50), Duration.ofHours(1));
        if (joined.contains(null)) {
            throw new AssertionError("some nodes failed to join");
        }
        return new SimNetworks(network, cluster, nodes);
    }

    /** Runs {@code count} lookups of random existing ids from random nodes, a few dozen at a time. */
    List<LookupResult> randomLookups(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<CompletableFuture<LookupResult>> lookups = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            DhtNode from = nodes.get(random.nextInt(nodes.size()));
            DhtNode target = nodes.get(random.nextInt(nodes.size()));
            while (target == from) { // a node never looks itself up
                target = nodes.get(random.nextInt(nodes.size()));
            }
            lookups.add(from.lookup(target.id()));
        }
        cluster.driver().await(CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)), Duration.ofHours(1));
        return lookups.stream().map(CompletableFuture::join).toList();
    }
}
