package io.cqkd.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.dht.routing.NodeState;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A node cut off until its whole table is bad finds its way back through the peers it saved. */
class RejoinTest {

    @Test
    void aPartitionedNodeRejoinsThroughItsSavedPeersWithoutABootstrapNode() {
        SimNetworks net = SimNetworks.bootstrapped(200, 31, DhtConfig.defaults());
        DhtNode isolated = net.nodes.get(150);
        List<String> events = new ArrayList<>();
        net.cluster.driver().await(isolated.control().subscribe(new NodeEvents() {
            @Override
            public void tableEmptied() {
                events.add("table-emptied");
            }

            @Override
            public void rejoined(boolean throughSavedPeers) {
                events.add(throughSavedPeers ? "rejoined-through-saved-peers" : "rejoined-through-bootstrap-nodes");
            }
        }), Duration.ofSeconds(1));
        net.network.runFor(Duration.ofMinutes(2)); // maintenance saves its good peers
        InetSocketAddress cutOff = isolated.address();
        net.network.partition(cutOff::equals);
        net.network.runFor(Duration.ofMinutes(40)); // silence: questionable, pinged, bad
        assertThat(isolated.routingTable().entriesIn(NodeState.GOOD, net.network.nanoTime())).isEmpty();
        assertThat(events).as("nobody answered during the partition").contains("table-emptied")
                .doesNotContain("rejoined-through-saved-peers", "rejoined-through-bootstrap-nodes");

        // The bootstrap node is gone for good: only the saved peers can bring the node back.
        net.network.crash(net.nodes.get(0).address());
        net.network.heal();
        net.network.runFor(Duration.ofMinutes(3));

        assertThat(events).contains("rejoined-through-saved-peers");
        assertThat(isolated.stats().get("bootstrap.rejoined-from-saved-peers")).isPositive();
        SplittableRandom random = new SplittableRandom(2);
        List<CompletableFuture<LookupResult>> lookups = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            DhtNode target = net.nodes.get(1 + random.nextInt(net.nodes.size() - 1));
            if (target != isolated) {
                lookups.add(isolated.lookup(target.id()));
            }
        }
        net.cluster.driver().await(CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)),
                Duration.ofMinutes(10));
        long found = lookups.stream().filter(l -> l.join().foundTarget()).count();
        assertThat(found).isGreaterThanOrEqualTo(lookups.size() * 95 / 100);
    }
}
