package io.cqkd.app.scale;

import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.async.Futures;
import io.cqkd.dht.cluster.BlockingDriver;
import io.cqkd.dht.cluster.Cluster;
import io.cqkd.dht.cluster.Driver;
import io.cqkd.dht.cluster.SimDriver;
import io.cqkd.transport.Transport;
import io.cqkd.transport.UdpTransport;
import io.cqkd.transport.latency.LatencyModel;
import io.cqkd.transport.sim.SimNetwork;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The network of one {@code scale-test refresh} row: nodes come and go (churn) and, in a simulation,
 * a part of the network can be cut off and reconnected. Simulated (virtual time) or real sockets on
 * 127.0.0.1 (wall time; a node that leaves closes its socket). Built from the seed, so every row gets
 * the same network, the same leavers and the same joiners.
 */
final class ChurnNetwork implements AutoCloseable {
    private final ScaleOptions options;
    private final SimNetwork sim;
    private final Transport transport;
    private final Driver driver;
    private final Cluster cluster;
    private final DhtConfig config;
    private final BiConsumer<Driver, DhtNode> onStart;
    /** Every node ever started, the departed included (their counters still count). */
    private final List<DhtNode> all = new ArrayList<>();
    private final List<DhtNode> live = new ArrayList<>();
    private final Set<InetSocketAddress> departed = new HashSet<>();

    /** {@code onStart} installs the row's refresh policy on each node, before it joins. */
    ChurnNetwork(ScaleOptions options, LatencyModel latency, DhtConfig config, BiConsumer<Driver, DhtNode> onStart) {
        this.options = options;
        boolean simulated = options.mode == ScaleOptions.Mode.sim;
        this.sim = simulated ? new SimNetwork(options.seed, latency) : null;
        this.transport = simulated ? sim : new UdpTransport();
        this.driver = simulated ? new SimDriver(sim) : new BlockingDriver();
        this.cluster = new Cluster(transport, driver, options.seed);
        this.config = config;
        this.onStart = onStart;
    }

    /** Starts {@code count} nodes, the first founding the network, and joins the others through it; how many joined. */
    int start(int count) {
        List<DhtNode> started = cluster.startNodes(count, config, i -> address());
        started.forEach(n -> onStart.accept(driver, n));
        all.addAll(started);
        live.addAll(started);
        started.get(0).startNewNetwork();
        List<?> joined = driver.await(cluster.joinAll(started.subList(1, started.size()),
                List.of(started.get(0).address()), options.joinConcurrency), Duration.ofHours(2));
        if (sim != null) {
            sim.setLossRate(options.loss);
        }
        return (int) joined.stream().filter(j -> j != null).count() + 1;
    }

    /** One node leaves without a word (a crash, or a closed socket). */
    void leave(DhtNode node) {
        live.remove(node);
        departed.add(node.address());
        if (sim != null) {
            sim.crash(node.address());
        } else {
            driver.await(node.stop(), Duration.ofSeconds(10));
        }
    }

    /** A new node joins through {@code via}; does not wait for it. */
    DhtNode arrive(DhtNode via) {
        DhtNode node = cluster.startNodes(1, config, i -> address()).get(0);
        onStart.accept(driver, node);
        all.add(node);
        live.add(node);
        node.bootstrap(List.of(via.address()));
        return node;
    }

    private InetSocketAddress address() {
        return sim != null ? null : new InetSocketAddress("127.0.0.1", 0);
    }

    /** Cuts the nodes {@code sideA} accepts off from the others (simulation only). */
    void partition(Predicate<InetSocketAddress> sideA) {
        sim.partition(sideA);
    }

    void heal() {
        sim.heal();
    }

    boolean simulated() {
        return sim != null;
    }

    /** Lets {@code duration} pass: virtual time in a simulation, wall time on real sockets. */
    void advance(Duration duration) {
        if (sim != null) {
            sim.runFor(duration);
            return;
        }
        driver.await(Futures.after(live.get(0).scheduler(), duration), duration.plusMinutes(1));
    }

    boolean departed(InetSocketAddress address) {
        return departed.contains(address);
    }

    List<DhtNode> live() {
        return live;
    }

    List<DhtNode> all() {
        return all;
    }

    long now() {
        return driver.clock().nanoTime();
    }

    Driver driver() {
        return driver;
    }

    @Override
    public void close() {
        cluster.close();
        transport.close();
    }
}
