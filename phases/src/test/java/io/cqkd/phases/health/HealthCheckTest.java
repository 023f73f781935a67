package io.cqkd.phases.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.cluster.Cluster;
import io.cqkd.dht.cluster.FaultyPeer;
import io.cqkd.dht.cluster.SimDriver;
import io.cqkd.phases.health.CheckOutcome.Verdict;
import io.cqkd.transport.sim.SimNetwork;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Each level against peers that fail it: a peer whose find_node answers are malformed passes a ping
 * but fails the medium level; one that keeps nothing it is given passes the medium level but fails
 * the deep one; a dead one is unreachable; a healthy node passes all three.
 */
class HealthCheckTest {
    private final SimNetwork sim = new SimNetwork(12);
    private final Cluster cluster = new Cluster(sim, new SimDriver(sim), 12);
    private final List<DhtNode> nodes = cluster.startNodes(40, DhtConfig.defaults(), i -> null);
    private final List<Contact> contacts = nodes.stream().map(DhtNode::contact).toList();
    private final Contact malformed = faulty(1, FaultyPeer.Fault.MALFORMED_FIND_NODE);
    private final Contact forgetful = faulty(2, FaultyPeer.Fault.DROPS_VALUES);

    HealthCheckTest() {
        nodes.get(0).startNewNetwork();
        cluster.driver().await(cluster.joinAll(nodes.subList(1, nodes.size()), List.of(nodes.get(0).address()), 16),
                Duration.ofHours(1));
    }

    private Contact faulty(int n, FaultyPeer.Fault fault) {
        NodeId id = NodeId.random(new SplittableRandom(n));
        return cluster.driver().await(FaultyPeer.start(sim, new InetSocketAddress("10.200.0." + n, 6881), id, fault,
                () -> contacts), Duration.ofSeconds(1)).contact();
    }

    /** The outcomes of checking {@code peers} from a fresh checker at {@code level}. */
    private List<CheckOutcome> check(int checker, HealthLevel level, List<Contact> peers) {
        HealthNode health = cluster.driver().await(HealthNode.start(nodes.get(checker),
                HealthParameters.defaults().withLevel(level), new HealthCounters(), new HealthBudget(1_000), DeathWitness.NONE), Duration.ofSeconds(1));
        return cluster.driver().await(health.sweep(peers, 4), Duration.ofMinutes(5));
    }

    @Test
    void aMalformedFindNodePassesAPingButFailsTheMediumLevel() {
        assertThat(check(5, HealthLevel.FAST, List.of(malformed)).get(0).verdict()).isEqualTo(Verdict.PASSED);
        CheckOutcome medium = check(6, HealthLevel.MEDIUM, List.of(malformed)).get(0);
        assertThat(medium.verdict()).isEqualTo(Verdict.FAULTY);
        assertThat(medium.reason()).isEqualTo("find_node-malformed");
    }

    @Test
    void aPeerThatDropsStoredValuesPassesTheMediumLevelButFailsTheDeepOne() {
        assertThat(check(7, HealthLevel.MEDIUM, List.of(forgetful)).get(0).verdict()).isEqualTo(Verdict.PASSED);
        CheckOutcome deep = check(8, HealthLevel.DEEP, List.of(forgetful)).get(0);
        assertThat(deep.verdict()).isEqualTo(Verdict.FAULTY);
        assertThat(deep.reason()).isEqualTo("value-lost");
    }

    @Test
    void aHealthyNodePassesEveryLevelAndADeadOneIsUnreachable() {
        Contact healthy = nodes.get(20).contact();
        Contact dead = nodes.get(21).contact();
        sim.crash(dead.address());
        for (HealthLevel level : HealthLevel.values()) {
            List<CheckOutcome> outcomes = check(10 + level.ordinal(), level, List.of(healthy, dead));
            assertThat(outcomes.get(0).verdict()).as(level + ": " + outcomes.get(0).reason()).isEqualTo(Verdict.PASSED);
            assertThat(outcomes.get(1).verdict()).isEqualTo(Verdict.UNREACHABLE);
        }
    }

    @Test
    void aDeepCheckCostsMoreCallsThanAMediumOneWhichCostsMoreThanAPing() {
        Contact healthy = nodes.get(25).contact();
        int fast = check(13, HealthLevel.FAST, List.of(healthy)).get(0).rpcs();
        int medium = check(14, HealthLevel.MEDIUM, List.of(healthy)).get(0).rpcs();
        int deep = check(15, HealthLevel.DEEP, List.of(healthy)).get(0).rpcs();
        assertThat(fast).isEqualTo(1);
        assertThat(medium).isEqualTo(3); // ping, find_node, get
        assertThat(deep).isEqualTo(10); // + get, put, get; get_peers, announce_peer, get_peers; a witness's find_node
    }
}
