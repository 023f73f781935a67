package io.cqkd.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.lookup.LookupResult;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Nodes crash and new ones join while the others keep looking each other up (virtual time). */
class ChurnTest {

    @Test
    void lookupsOfLiveNodesKeepSucceedingWhileAFifthOfTheNetworkIsReplaced() {
        SimNetworks net = SimNetworks.bootstrapped(500, 77, DhtConfig.defaults());
        SplittableRandom random = new SplittableRandom(5);
        List<DhtNode> live = new ArrayList<>(net.nodes);
        Set<DhtNode> dead = new HashSet<>();
        InetSocketAddress seed = net.nodes.get(0).address();
        long found = 0;
        long asked = 0;
        long foundFromJoiners = 0;
        long askedFromJoiners = 0;
        Set<DhtNode> joined = new HashSet<>();
        for (int wave = 0; wave < 10; wave++) {
            // Ten nodes crash (never the seed); ten new ones join through the seed.
            for (int i = 0; i < 10; i++) {
                DhtNode victim = live.get(1 + random.nextInt(live.size() - 1));
                net.network.crash(victim.address());
                live.remove(victim);
                dead.add(victim);
            }
            List<DhtNode> joiners = net.cluster.startNodes(10, DhtConfig.defaults(), i -> null);
            net.cluster.driver().await(net.cluster.joinAll(joiners, List.of(seed), 10), Duration.ofMinutes(10));
            live.addAll(joiners);
            joined.addAll(joiners);
            net.network.runFor(Duration.ofSeconds(30));
            // Lookups of live targets from live nodes, new and old.
            List<CompletableFuture<LookupResult>> lookups = new ArrayList<>();
            List<DhtNode> askers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                DhtNode from = live.get(random.nextInt(live.size()));
                DhtNode to = live.get(random.nextInt(live.size()));
                if (from != to) {
                    lookups.add(from.lookup(to.id()));
                    askers.add(from);
                }
            }
            net.cluster.driver().await(CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)),
                    Duration.ofMinutes(10));
            for (int i = 0; i < lookups.size(); i++) {
                LookupResult result = lookups.get(i).join();
                boolean hit = result.foundTarget();
                asked++;
                found += hit ? 1 : 0;
                if (joined.contains(askers.get(i))) {
                    askedFromJoiners++;
                    foundFromJoiners += hit ? 1 : 0;
                }
                assertThat(result.closest()).as("dead nodes are not returned as answering")
                        .noneMatch(c -> dead.stream().anyMatch(d -> d.id().equals(c.id())));
            }
        }
        assertThat((double) found / asked).isGreaterThanOrEqualTo(0.99);
        assertThat(askedFromJoiners).as("nodes that joined during the churn looked up too").isGreaterThan(20);
        assertThat((double) foundFromJoiners / askedFromJoiners).isGreaterThanOrEqualTo(0.99);
        // The churn was felt: the survivors' calls to the crashed nodes timed out.
        long timeouts = live.stream().mapToLong(n -> n.stats().sum("rpc.timeout.")).sum();
        assertThat(timeouts).as("calls that met a crashed node").isPositive();
    }
}
