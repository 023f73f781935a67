package io.cqkd.phases.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.BootstrapResult;
import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.cluster.Cluster;
import io.cqkd.dht.cluster.SimDriver;
import io.cqkd.transport.sim.SimNetwork;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** 2 super and 4 regional bootstrap nodes, 500 workers of two regions, in virtual time. */
class TieredJoinTest {
    private SimNetwork sim;
    private Cluster cluster;
    private final List<BootstrapService> services = new ArrayList<>();
    private final List<DhtNode> tiers = new ArrayList<>();

    private List<InetSocketAddress> tierNetwork(long seed) {
        sim = new SimNetwork(seed);
        cluster = new Cluster(sim, new SimDriver(sim), seed);
        tiers.addAll(cluster.startNodes(6, DhtConfig.defaults(), i -> null));
        String[] regions = {"any", "any", "east", "east", "west", "west"};
        List<InetSocketAddress> supers = List.of(tiers.get(0).address(), tiers.get(1).address());
        for (int i = 0; i < 6; i++) {
            services.add(new BootstrapService(tiers.get(i), i < 2 ? BootstrapTier.SUPER : BootstrapTier.REGIONAL,
                    regions[i], i < 2 ? 500 : 250, i < 2 ? List.of() : supers));
        }
        tiers.get(0).startNewNetwork();
        // The second super node and the regional ones join through the first super node.
        await(cluster.joinAll(tiers.subList(1, 6), List.of(tiers.get(0).address()), 5));
        return tiers.stream().map(DhtNode::address).toList();
    }

    private <T> T await(CompletableFuture<T> f) {
        return cluster.driver().await(f, Duration.ofHours(1));
    }

    private List<CompletableFuture<BootstrapResult>> joinWorkers(List<DhtNode> workers, List<InetSocketAddress> tierAddresses) {
        SplittableRandom random = new SplittableRandom(9);
        List<CompletableFuture<BootstrapResult>> joins = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            String region = i % 2 == 0 ? "east" : "west";
            joins.add(new TieredJoin(workers.get(i), region, random.split()).join(tierAddresses));
        }
        return joins;
    }

    private static double maxOverMean(List<Long> served) {
        double mean = served.stream().mapToLong(Long::longValue).average().orElse(0);
        return served.stream().mapToLong(Long::longValue).max().orElse(0) / mean;
    }

    @Test
    void joinsSpreadOverTheBootstrapNodesWithinOneAndAHalfTimesTheMean() {
        List<InetSocketAddress> tierAddresses = tierNetwork(1);
        List<DhtNode> workers = cluster.startNodes(500, DhtConfig.defaults(), i -> null);
        List<CompletableFuture<BootstrapResult>> joins = joinWorkers(workers, tierAddresses);
        await(CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)));
        assertThat(joins).allSatisfy(j -> assertThat(j).isCompleted().isNotCompletedExceptionally());
        List<Long> served = services.stream().map(BootstrapService::served).toList();
        assertThat(served.stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(500);
        assertThat(maxOverMean(served)).as("joins served per bootstrap node %s", served).isLessThanOrEqualTo(1.5);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "multi-level bootstrap on: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void theSameFiftyWorkerNetworkJoinsWithTheFlagOffAndOn(boolean multiLevel) {
        List<InetSocketAddress> tierAddresses = tierNetwork(3);
        List<DhtNode> workers = cluster.startNodes(50, DhtConfig.defaults(), i -> null);
        List<CompletableFuture<BootstrapResult>> joins = multiLevel ? joinWorkers(workers, tierAddresses)
                : workers.stream().map(w -> w.bootstrap(tierAddresses)).toList(); // the flat join, as before
        await(CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)));
        assertThat(joins).allSatisfy(j -> assertThat(j).isNotCompletedExceptionally());
        long admitted = services.stream().mapToLong(BootstrapService::served).sum();
        assertThat(admitted).isEqualTo(multiLevel ? 50 : 0); // the flat join asks no one for admission
        SplittableRandom random = new SplittableRandom(4);
        List<CompletableFuture<io.cqkd.dht.lookup.LookupResult>> lookups = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            DhtNode from = workers.get(random.nextInt(50));
            DhtNode to = workers.get(random.nextInt(50));
            if (from != to) {
                lookups.add(from.lookup(to.id()));
            }
        }
        await(CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)));
        assertThat(lookups).allSatisfy(l -> assertThat(l.join().foundTarget()).isTrue());
    }

    @Test
    void whenARegionsRegionalNodesDieASuperNodePromotesAWorkerThatLaterJoinersUse() {
        List<InetSocketAddress> tierAddresses = tierNetwork(4);
        List<DhtNode> workers = cluster.startNodes(200, DhtConfig.defaults(), i -> null);
        List<java.util.concurrent.atomic.AtomicReference<BootstrapService>> promoted = new ArrayList<>();
        workers.forEach(w -> promoted.add(BootstrapService.acceptPromotion(w, tierAddresses)));
        await(CompletableFuture.allOf(joinWorkers(workers, tierAddresses).toArray(CompletableFuture[]::new)));
        sim.runFor(Duration.ofSeconds(10)); // heartbeats: the super nodes know the regional nodes

        sim.crash(tiers.get(2).address()); // both east regional nodes die
        sim.crash(tiers.get(3).address());
        sim.runFor(Duration.ofSeconds(40));

        long promotions = services.get(0).promotions() + services.get(1).promotions();
        assertThat(promotions).isPositive();
        List<BootstrapService> standbys = promoted.stream().map(java.util.concurrent.atomic.AtomicReference::get)
                .filter(java.util.Objects::nonNull).toList();
        assertThat(standbys).isNotEmpty();
        int firstPromoted = java.util.stream.IntStream.range(0, workers.size())
                .filter(i -> promoted.get(i).get() != null).findFirst().orElseThrow();
        assertThat(firstPromoted % 2).as("the promoted worker is of the east region (even workers)").isZero();

        // Later east joiners learn of the promoted node from the super nodes and use it.
        List<DhtNode> late = cluster.startNodes(60, DhtConfig.defaults(), i -> null);
        SplittableRandom random = new SplittableRandom(12);
        List<CompletableFuture<BootstrapResult>> joins = new ArrayList<>();
        for (DhtNode w : late) {
            joins.add(new TieredJoin(w, "east", random.split()).join(tierAddresses));
        }
        await(CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)));
        assertThat(joins).allSatisfy(j -> assertThat(j).isNotCompletedExceptionally());
        assertThat(standbys.stream().mapToLong(BootstrapService::served).sum()).isPositive();
    }

    @Test
    void everyWorkerJoinsWhenASuperAndARegionalNodeDieDuringTheJoins() {
        List<InetSocketAddress> tierAddresses = tierNetwork(2);
        List<DhtNode> workers = cluster.startNodes(500, DhtConfig.defaults(), i -> null);
        List<java.util.concurrent.atomic.AtomicReference<BootstrapService>> promoted = new ArrayList<>();
        workers.forEach(w -> promoted.add(BootstrapService.acceptPromotion(w, tierAddresses)));
        List<CompletableFuture<BootstrapResult>> joins = joinWorkers(workers, tierAddresses);
        sim.runFor(Duration.ofMillis(300)); // joins under way
        sim.crash(tiers.get(1).address()); // a super node
        sim.crash(tiers.get(2).address()); // an east regional node
        await(CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)));
        long failed = joins.stream().filter(CompletableFuture::isCompletedExceptionally).count();
        assertThat(failed).isZero();

        sim.runFor(Duration.ofSeconds(40)); // the surviving super node notices the silence
        assertThat(services.get(0).promotions()).as("the dead regional node was replaced").isPositive();
        int firstPromoted = java.util.stream.IntStream.range(0, workers.size())
                .filter(i -> promoted.get(i).get() != null).findFirst().orElseThrow();
        assertThat(firstPromoted % 2).as("by a worker of its region, east (even workers)").isZero();
    }

    @Test
    void aFullBootstrapNodeSendsJoinersElsewhereAndIsNeverOverloaded() {
        sim = new SimNetwork(6);
        cluster = new Cluster(sim, new SimDriver(sim), 6);
        List<DhtNode> nodes = cluster.startNodes(3, DhtConfig.defaults(), i -> null);
        DhtNode superNode = nodes.get(0);
        BootstrapService full = new BootstrapService(superNode, BootstrapTier.SUPER, "any", 20);
        BootstrapService regional = new BootstrapService(nodes.get(1), BootstrapTier.REGIONAL, "east", 500,
                List.of(superNode.address()));
        superNode.startNewNetwork();
        await(cluster.joinAll(nodes.subList(1, 3), List.of(superNode.address()), 2));
        sim.runFor(Duration.ofSeconds(6)); // the regional node has registered with the super node
        List<DhtNode> workers = cluster.startNodes(100, DhtConfig.defaults(), i -> null);
        SplittableRandom random = new SplittableRandom(1);
        // Joiners that know only the super node: it names the regional node it knows, and admits no more
        // joins than its capacity; the rest are served by the regional node.
        List<CompletableFuture<BootstrapResult>> joins = new ArrayList<>();
        for (DhtNode w : workers) {
            joins.add(new TieredJoin(w, "east", random.split()).join(List.of(superNode.address())));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new));
        int[] mostAtOnce = {0};
        long start = sim.nanoTime();
        assertThat(sim.runUntil(() -> { // looked at after every event of the simulation
            mostAtOnce[0] = Math.max(mostAtOnce[0], full.activeJoins());
            return all.isDone();
        }, Duration.ofHours(1))).isTrue();
        assertThat(joins).allSatisfy(j -> assertThat(j).isNotCompletedExceptionally());
        assertThat(full.refused()).isPositive();
        assertThat(mostAtOnce[0]).as("joins admitted at once, never more than its capacity").isEqualTo(20);
        // A join holds its slot for JOIN_SLOT: over the whole burst, at most 20 per slot period begun.
        long periods = 1 + (sim.nanoTime() - start) / BootstrapService.JOIN_SLOT.toNanos();
        assertThat(full.served()).isLessThanOrEqualTo(20 * periods);
        assertThat(regional.served()).isPositive();
        assertThat(full.served() + regional.served()).isGreaterThanOrEqualTo(100);
    }
}
