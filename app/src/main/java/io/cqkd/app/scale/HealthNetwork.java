package io.cqkd.app.scale;

import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.async.Futures;
import io.cqkd.dht.cluster.BlockingDriver;
import io.cqkd.dht.cluster.Cluster;
import io.cqkd.dht.cluster.Driver;
import io.cqkd.dht.cluster.FaultyPeer;
import io.cqkd.dht.cluster.SimDriver;
import io.cqkd.transport.Transport;
import io.cqkd.transport.UdpTransport;
import io.cqkd.transport.latency.DelayedTransport;
import io.cqkd.transport.latency.LatencyModel;
import io.cqkd.transport.sim.SimNetwork;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * The network of one {@code scale-test health} row: simulated (virtual time, loss, crashes) or real
 * sockets on 127.0.0.1 (wall time; a "killed" node closes its socket and stops answering), the
 * latency model in front of either. Built from the seed, so every row gets the same network.
 */
final class HealthNetwork implements AutoCloseable {
    private final ScaleOptions options;
    private final SimNetwork sim;
    private final Transport transport;
    private final Driver driver;
    private final Cluster cluster;
    private List<DhtNode> nodes = List.of();

    HealthNetwork(ScaleOptions options, LatencyModel latency) {
        this.options = options;
        boolean simulated = options.mode == ScaleOptions.Mode.sim;
        this.sim = simulated ? new SimNetwork(options.seed, latency) : null;
        this.transport = simulated ? sim : new DelayedTransport(new UdpTransport(), latency, options.seed);
        this.driver = simulated ? new SimDriver(sim) : new BlockingDriver();
        this.cluster = new Cluster(transport, driver, options.seed);
    }

    List<DhtNode> start(DhtConfig config) {
        InetSocketAddress any = sim != null ? null : new InetSocketAddress("127.0.0.1", 0);
        nodes = cluster.startNodes(options.workers + 1, config, i -> any);
        return nodes;
    }

    /** Joins every node through the first; the loss applies from then on. Returns how many joined. */
    int join() {
        nodes.get(0).startNewNetwork();
        List<?> joined = driver.await(cluster.joinAll(nodes.subList(1, nodes.size()), List.of(nodes.get(0).address()),
                options.joinConcurrency), Duration.ofHours(2));
        if (sim != null) {
            sim.setLossRate(options.loss);
        }
        return (int) joined.stream().filter(j -> j != null).count();
    }

    /**
     * Starts a peer that answers pings and fails a deeper level ({@code fault}), and has every node
     * ping it, so that it enters their tables as any answering node would.
     */
    FaultyPeer startFaulty(FaultyPeer.Fault fault, int index) {
        InetSocketAddress address = sim != null
                ? new InetSocketAddress("10.250." + (fault.ordinal() + 1) + "." + (index + 1), 6881)
                : new InetSocketAddress("127.0.0.1", 0);
        List<Contact> known = nodes.stream().map(DhtNode::contact).toList();
        FaultyPeer peer = driver.await(FaultyPeer.start(transport, address,
                NodeId.random(new SplittableRandom(options.seed * 101 + fault.ordinal() * 1_000 + index)), fault,
                () -> known), Duration.ofSeconds(10));
        List<CompletableFuture<?>> pings = new ArrayList<>();
        for (DhtNode node : nodes) {
            pings.add(node.ping(peer.contact().address()).exceptionally(e -> null));
        }
        driver.await(CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new)), Duration.ofMinutes(5));
        return peer;
    }

    /** Lets {@code duration} pass: virtual time in a simulation, wall time on real sockets. */
    void advance(Duration duration) {
        if (sim != null) {
            sim.runFor(duration);
            return;
        }
        driver.await(Futures.after(nodes.get(0).scheduler(), duration), duration.plusMinutes(1));
    }

    /** Kills the node at {@code contact}: a crash in a simulation, a closed socket on real ones. */
    void kill(Contact contact) {
        if (sim != null) {
            sim.crash(contact.address());
            return;
        }
        nodes.stream().filter(n -> n.id().equals(contact.id())).findFirst()
                .ifPresent(n -> driver.await(n.stop(), Duration.ofSeconds(10)));
    }

    long now() {
        return driver.clock().nanoTime();
    }

    Driver driver() {
        return driver;
    }

    Transport transport() {
        return transport;
    }

    @Override
    public void close() {
        cluster.close();
        transport.close();
    }
}
