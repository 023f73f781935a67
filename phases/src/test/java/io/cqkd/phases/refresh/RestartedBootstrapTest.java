package io.cqkd.phases.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.cluster.Cluster;
import io.cqkd.dht.cluster.SimDriver;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.transport.sim.SimNetwork;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The island the issue saw: a bootstrap node killed and restarted empty (new id, same address)
 * handed the next joiners only each other. Here the joiners come 30 s after the restart, and three
 * minutes later they find every worker: the workers' own calls to the restarted node (lookups,
 * pings of entries gone quiet) make it verify and keep them, as any node keeps a querier it has
 * room for, and the joiners' refreshes go on from there. The fallback passes this too — the
 * calls that heal it are not phase 5's alone; phase 5's own part, a restarted bootstrap node
 * re-joining through its saved table instead of founding a network, is in the app's
 * SavedTableRestartTest.
 */
class RestartedBootstrapTest {
    private static final int WORKERS = 200;
    private final SimNetwork sim = new SimNetwork(61);
    private final Cluster cluster = new Cluster(sim, new SimDriver(sim), 61);
    private final RefreshCounters counters = new RefreshCounters();

    @Test
    void joinersThroughABootstrapNodeRestartedEmptyFindEveryWorker() {
        List<DhtNode> nodes = cluster.startNodes(WORKERS + 1, DhtConfig.defaults(), i -> null);
        DhtNode bootstrap = nodes.get(0);
        List<DhtNode> workers = nodes.subList(1, nodes.size());
        bootstrap.startNewNetwork();
        cluster.driver().await(cluster.joinAll(workers, List.of(bootstrap.address()), 32), Duration.ofHours(1));
        for (DhtNode w : workers) {
            RefreshNode r = cluster.driver().await(RefreshNode.start(w, RefreshParameters.defaults(), counters, 0),
                    Duration.ofSeconds(1));
            cluster.driver().await(r.use(true), Duration.ofSeconds(1));
        }
        sim.runFor(Duration.ofMinutes(5));

        InetSocketAddress address = bootstrap.address();
        sim.crash(address);
        DhtNode restarted = cluster.startNodes(1, DhtConfig.defaults(), i -> address).get(0);
        restarted.startNewNetwork(); // empty, alone: as a bootstrap process restarted without a saved table
        sim.runFor(Duration.ofSeconds(30));

        List<DhtNode> joiners = cluster.startNodes(10, DhtConfig.defaults(), i -> null);
        cluster.driver().await(cluster.joinAll(joiners, List.of(address), 10), Duration.ofMinutes(5));
        for (DhtNode j : joiners) {
            RefreshNode r = cluster.driver().await(RefreshNode.start(j, RefreshParameters.defaults(), counters, 0),
                    Duration.ofSeconds(1));
            cluster.driver().await(r.use(true), Duration.ofSeconds(1));
        }
        sim.runFor(Duration.ofMinutes(3));
        List<CompletableFuture<LookupResult>> lookups = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            lookups.add(joiners.get(i % joiners.size()).lookup(workers.get(i).id()));
        }
        long found = cluster.driver().await(CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new))
                .thenApply(v -> lookups.stream().filter(f -> f.join().foundTarget()).count()), Duration.ofMinutes(5));
        assertThat(found).as("workers found by the joiners through the restarted bootstrap node").isEqualTo(WORKERS);
    }
}
