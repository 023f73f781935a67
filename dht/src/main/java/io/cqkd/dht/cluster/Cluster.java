package io.cqkd.dht.cluster;

import io.cqkd.dht.BootstrapResult;
import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.async.Throttle;
import io.cqkd.transport.Transport;
import io.cqkd.wire.NodeId;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * A network of nodes on one transport, in one process: a seed node, then workers that all bootstrap
 * from it, a bounded number joining at a time (as nodes arrive in a real network, not all in the
 * same instant). Used by the scale-test harness and by whole-network tests alike.
 */
public final class Cluster implements AutoCloseable {
    private final Transport transport;
    private final Driver driver;
    private final List<DhtNode> nodes = Collections.synchronizedList(new ArrayList<>());
    private final SplittableRandom random;

    public Cluster(Transport transport, Driver driver, long seed) {
        this.transport = transport;
        this.driver = driver;
        this.random = new SplittableRandom(seed);
    }

    /** Starts {@code count} nodes with random ids at addresses from {@code addressOf} (index to address). */
    public List<DhtNode> startNodes(int count, DhtConfig config, IntFunction<InetSocketAddress> addressOf) {
        List<CompletableFuture<DhtNode>> starting = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            NodeId id = NodeId.random(random);
            starting.add(DhtNode.start(transport, addressOf.apply(i), id, config.toBuilder().randomSeed(random.nextLong()).build()));
        }
        List<DhtNode> started = new ArrayList<>(count);
        for (CompletableFuture<DhtNode> f : starting) {
            started.add(driver.await(f, Duration.ofSeconds(30)));
        }
        nodes.addAll(started);
        return started;
    }

    /**
     * Bootstraps every node in {@code joiners} from {@code seeds}, at most {@code concurrency} at a
     * time. The future completes when all are done; a failed join is reported in its slot as null.
     */
    public CompletableFuture<List<BootstrapResult>> joinAll(List<DhtNode> joiners, List<InetSocketAddress> seeds,
                                                            int concurrency) {
        Throttle throttle = new Throttle(concurrency);
        List<CompletableFuture<BootstrapResult>> joins = new ArrayList<>(joiners.size());
        for (DhtNode joiner : joiners) {
            joins.add(throttle.submit(() -> joiner.bootstrap(seeds)).exceptionally(e -> null));
        }
        return CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new))
                .thenApply(v -> joins.stream().map(CompletableFuture::join).toList());
    }

    public List<DhtNode> nodes() {
        return nodes;
    }

    public Driver driver() {
        return driver;
    }

    @Override
    public void close() {
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (DhtNode node : nodes) {
            stopping.add(node.stop());
        }
        for (CompletableFuture<Void> f : stopping) {
            try {
                driver.await(f, Duration.ofSeconds(10));
            } catch (RuntimeException ignored) {
                // best effort: the transport is closed next anyway
            }
        }
        nodes.clear();
    }
}
