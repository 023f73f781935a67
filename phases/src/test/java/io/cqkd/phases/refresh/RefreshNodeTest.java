package io.cqkd.phases.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.NodeEvents;
import io.cqkd.dht.cluster.Cluster;
import io.cqkd.dht.cluster.SimDriver;
import io.cqkd.dht.lookup.LookupPurpose;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.dht.refresh.FixedIntervalRefresh;
import io.cqkd.transport.sim.SimNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Phase 5 on simulated nodes: off, the fixed interval and nothing of its own (no ping, no refresh of
 * its own making); on, its policy, its pings of silent entries and its refreshes; and back.
 */
class RefreshNodeTest {
    private static final Duration FIXED = Duration.ofSeconds(300);
    private final SimNetwork sim = new SimNetwork(51);
    private final Cluster cluster = new Cluster(sim, new SimDriver(sim), 51);
    private final RefreshCounters counters = new RefreshCounters();
    private final List<Long> refreshTimes = new ArrayList<>();

    private List<RefreshNode> network(int size) {
        List<DhtNode> nodes = cluster.startNodes(size, DhtConfig.defaults().toBuilder().bucketRefreshInterval(FIXED).build(),
                i -> null);
        nodes.get(0).startNewNetwork();
        cluster.driver().await(cluster.joinAll(nodes.subList(1, nodes.size()), List.of(nodes.get(0).address()), 16),
                Duration.ofHours(1));
        List<RefreshNode> refresh = new ArrayList<>();
        for (DhtNode n : nodes) {
            refresh.add(cluster.driver().await(RefreshNode.start(n, RefreshParameters.defaults(), counters, 0),
                    Duration.ofSeconds(1)));
        }
        nodes.get(1).control().subscribe(new NodeEvents() {
            @Override
            public void lookupDone(LookupPurpose purpose, LookupResult result) {
                if (purpose == LookupPurpose.REFRESH) {
                    refreshTimes.add(sim.nanoTime());
                }
            }
        });
        return refresh;
    }

    private long phase5Work() {
        long total = counters.silentPings() + counters.emergencies();
        for (RefreshCounters.Cause c : RefreshCounters.Cause.values()) {
            total += c == RefreshCounters.Cause.EMERGENCY ? 0 : counters.refreshes(c);
        }
        return total;
    }

    @Test
    void offItIsTheFixedIntervalAndNothingOfItsOwnThenOnThenOffAgain() {
        List<RefreshNode> nodes = network(40);
        nodes.forEach(n -> cluster.driver().await(n.use(false), Duration.ofSeconds(1)));
        DhtNode watched = nodes.get(1).node();
        assertThat(watched.control().policies().refresh()).isEqualTo(new FixedIntervalRefresh(FIXED, 3));
        assertThat(nodes.get(1).interval()).as("the interval in force, as the metrics show it").isEqualTo(FIXED);

        refreshTimes.clear();
        sim.runFor(Duration.ofMinutes(30));
        assertThat(phase5Work()).as("off: phase 5 pinged and refreshed nothing").isZero();
        // The fixed rule: a bucket untouched for 300 s, looked for at each 60 s maintenance round.
        long first = refreshTimes.isEmpty() ? Long.MAX_VALUE : refreshTimes.get(0);
        assertThat(first).as("nothing is 300 s old before the fifth round").isGreaterThanOrEqualTo(
                Duration.ofSeconds(300).toNanos());

        nodes.forEach(n -> cluster.driver().await(n.use(true), Duration.ofSeconds(1)));
        assertThat(watched.control().policies().refresh()).isInstanceOf(AdaptiveRefreshPolicy.class);
        sim.runFor(Duration.ofMinutes(20));
        assertThat(counters.silentPings()).as("on: entries unheard for the interval are pinged").isPositive();

        nodes.forEach(n -> cluster.driver().await(n.use(false), Duration.ofSeconds(1)));
        long atOff = phase5Work();
        sim.runFor(Duration.ofMinutes(20));
        assertThat(phase5Work()).as("off again: nothing more").isEqualTo(atOff);
        assertThat(watched.control().policies().refresh()).isEqualTo(new FixedIntervalRefresh(FIXED, 3));
    }

    /**
     * Flag off, exactly the fixed interval: the same seeded network run once without phase 5 and
     * once with phase 5 built and off makes the same refresh lookups, of the same targets, at the
     * same virtual instants.
     */
    @Test
    void offTheRefreshTimesAreThoseOfANodeWithoutPhase5() {
        List<String> without = refreshesOfOneNode(false);
        List<String> withPhase5Off = refreshesOfOneNode(true);
        assertThat(without).as("the fixed interval refreshes in 30 minutes").hasSizeGreaterThan(3);
        assertThat(withPhase5Off).containsExactlyElementsOf(without);
    }

    /** "time target" of each refresh lookup node 1 of a fresh 40-node network made in 30 minutes. */
    private static List<String> refreshesOfOneNode(boolean phase5Off) {
        SimNetwork net = new SimNetwork(77);
        Cluster run = new Cluster(net, new SimDriver(net), 77);
        List<DhtNode> nodes = run.startNodes(40, DhtConfig.defaults().toBuilder().bucketRefreshInterval(FIXED).build(),
                i -> null);
        nodes.get(0).startNewNetwork();
        run.driver().await(run.joinAll(nodes.subList(1, nodes.size()), List.of(nodes.get(0).address()), 16),
                Duration.ofHours(1));
        if (phase5Off) {
            for (DhtNode n : nodes) {
                RefreshNode refresh = run.driver().await(RefreshNode.start(n, RefreshParameters.defaults(),
                        new RefreshCounters(), 0), Duration.ofSeconds(1));
                run.driver().await(refresh.use(false), Duration.ofSeconds(1));
            }
        }
        List<String> refreshes = new ArrayList<>();
        run.driver().await(nodes.get(1).control().subscribe(new NodeEvents() {
            @Override
            public void lookupDone(LookupPurpose purpose, LookupResult result) {
                if (purpose == LookupPurpose.REFRESH) {
                    refreshes.add(net.nanoTime() + " " + result.target());
                }
            }
        }), Duration.ofSeconds(1));
        net.runFor(Duration.ofMinutes(30));
        return refreshes;
    }

    @Test
    void aBucketLeftWithRoomByAnEvictionIsRefreshedAtOnce() {
        List<RefreshNode> nodes = network(40);
        nodes.forEach(n -> cluster.driver().await(n.use(true), Duration.ofSeconds(1)));
        DhtNode watched = nodes.get(1).node();
        DhtNode victim = nodes.stream().skip(2).map(RefreshNode::node)
                .filter(n -> watched.routingTable().contains(n.id())).findFirst().orElseThrow();
        long evictionsBefore = counters.refreshes(RefreshCounters.Cause.EVICTION);
        refreshTimes.clear();
        cluster.driver().await(watched.control().evict(victim.contact()), Duration.ofSeconds(1));
        sim.runFor(Duration.ofSeconds(2));
        assertThat(counters.refreshes(RefreshCounters.Cause.EVICTION)).isEqualTo(evictionsBefore + 1);
        assertThat(refreshTimes).as("its refresh lookup ran within two seconds").isNotEmpty();
    }
}
