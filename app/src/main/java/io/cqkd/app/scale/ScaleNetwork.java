package io.cqkd.app.scale;

import io.cqkd.dht.BootstrapResult;
import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.async.OnLoop;
import io.cqkd.dht.cluster.BlockingDriver;
import io.cqkd.dht.cluster.Cluster;
import io.cqkd.dht.cluster.Driver;
import io.cqkd.dht.cluster.SimDriver;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.transport.Transport;
import io.cqkd.transport.UdpTransport;
import io.cqkd.transport.sim.SimNetwork;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * The network a scale-test scenario measures: a seed node and {@code workers} nodes on the chosen
 * transport, joined from the seed. Holds the transport so that closing it frees every socket.
 */
public final class ScaleNetwork implements AutoCloseable {
    /** Lookups in flight at once while measuring: a steady load, not one burst. */
    private static final int LOOKUP_CONCURRENCY = 64;

    final ScaleOptions options;
    final Transport transport;
    public final Driver driver;
    final Cluster cluster;
    public final List<DhtNode> nodes;
    public List<BootstrapResult> joins = List.of();
    public long bootstrapNanos;
    private CompletableFuture<List<BootstrapResult>> pendingJoins;

    public ScaleNetwork(ScaleOptions options, DhtConfig config) {
        this.options = options;
        if (options.mode == ScaleOptions.Mode.sim) {
            SimNetwork sim = new SimNetwork(options.seed);
            sim.setLossRate(options.loss);
            this.transport = sim;
            this.driver = new SimDriver(sim);
        } else {
            this.transport = new UdpTransport();
            this.driver = new BlockingDriver();
        }
        this.cluster = new Cluster(transport, driver, options.seed);
        InetSocketAddress any = options.mode == ScaleOptions.Mode.sim ? null : new InetSocketAddress("127.0.0.1", 0);
        this.nodes = cluster.startNodes(options.workers + 1, config, i -> any);
    }

    public DhtNode seedNode() {
        return nodes.get(0);
    }

    /**
     * Starts every worker's bootstrap from the seed node at once and waits until each has finished
     * the lookup of its own id ("ready"); returns the time that took. The bucket refreshes go on.
     */
    public long startJoinsAndAwaitReady() {
        long start = driver.clock().nanoTime();
        pendingJoins = cluster.joinAll(nodes.subList(1, nodes.size()), List.of(seedNode().address()), nodes.size());
        List<CompletableFuture<?>> ready = new ArrayList<>();
        for (DhtNode node : nodes.subList(1, nodes.size())) {
            ready.add(node.ready().exceptionally(e -> null));
        }
        driver.await(CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)), Duration.ofHours(1));
        return driver.clock().nanoTime() - start;
    }

    /** Waits for the joins started by {@link #startJoinsAndAwaitReady()}; returns how many succeeded. */
    public int awaitJoins() {
        joins = driver.await(pendingJoins, Duration.ofHours(1));
        return (int) joins.stream().filter(j -> j != null).count();
    }

    /** Bootstraps every worker from the seed node; returns how many joined. */
    public int joinAll() {
        long start = driver.clock().nanoTime();
        joins = driver.await(cluster.joinAll(nodes.subList(1, nodes.size()), List.of(seedNode().address()),
                options.joinConcurrency), Duration.ofHours(2));
        bootstrapNanos = driver.clock().nanoTime() - start;
        return (int) joins.stream().filter(j -> j != null).count();
    }

    public List<LookupResult> randomLookups(int count, List<DhtNode> targets) {
        SplittableRandom random = new SplittableRandom(options.seed * 31 + 7);
        List<LookupResult> results = new ArrayList<>(count);
        for (int done = 0; done < count; done += LOOKUP_CONCURRENCY) {
            List<CompletableFuture<LookupResult>> batch = new ArrayList<>();
            for (int i = done; i < Math.min(count, done + LOOKUP_CONCURRENCY); i++) {
                DhtNode from = nodes.get(random.nextInt(nodes.size()));
                DhtNode target = targets.get(random.nextInt(targets.size()));
                while (target == from && targets.size() > 1) { // a node never looks itself up
                    target = targets.get(random.nextInt(targets.size()));
                }
                batch.add(from.lookup(target.id()));
            }
            driver.await(CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)), Duration.ofMinutes(10));
            batch.forEach(f -> results.add(f.join()));
        }
        return results;
    }

    public double meanRoutingTableSize() {
        long total = 0;
        for (DhtNode node : nodes) {
            total += driver.await(OnLoop.get(node.scheduler(), () -> node.routingTable().size()), Duration.ofSeconds(10));
        }
        return (double) total / nodes.size();
    }

    /** Every node's counters added up (dropped packets by reason, timeouts by method, retries...). */
    public java.util.Map<String, Long> totalCounters() {
        java.util.Map<String, Long> totals = new java.util.TreeMap<>();
        for (DhtNode node : nodes) {
            node.stats().snapshot().forEach((name, count) -> totals.merge(name, count, Long::sum));
        }
        return totals;
    }

    @Override
    public void close() {
        cluster.close();
        transport.close();
    }
}
