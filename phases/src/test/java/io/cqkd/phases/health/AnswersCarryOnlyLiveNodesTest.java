package io.cqkd.phases.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.cluster.Cluster;
import io.cqkd.dht.cluster.SimDriver;
import io.cqkd.transport.sim.SimNetwork;
import io.cqkd.wire.BDict;
import io.cqkd.wire.krpc.Contact;
import io.cqkd.wire.krpc.FindNodeQuery;
import io.cqkd.wire.krpc.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node with phase 4 on never hands out a peer it holds suspect or dead: a stranger asking it
 * find_node for a dead node's own id right after the death gets the live nodes around it, not the
 * dead one — from the moment the node suspects it, long before anyone's table would drop it under
 * BEP 5's rule.
 */
class AnswersCarryOnlyLiveNodesTest {
    private final SimNetwork sim = new SimNetwork(44);
    private final Cluster cluster = new Cluster(sim, new SimDriver(sim), 44);

    @Test
    void aSuspectAndThenADeadPeerIsLeftOutOfFindNodeAnswers() {
        List<DhtNode> nodes = cluster.startNodes(30, DhtConfig.defaults(), i -> null);
        nodes.get(0).startNewNetwork();
        cluster.driver().await(cluster.joinAll(nodes.subList(1, nodes.size()), List.of(nodes.get(0).address()), 16),
                Duration.ofHours(1));
        DhtNode answering = nodes.get(1);
        HealthNode health = cluster.driver().await(HealthNode.start(answering, HealthParameters.defaults(),
                new HealthCounters(), new HealthBudget(1_000), DeathWitness.NONE), Duration.ofSeconds(1));
        cluster.driver().await(health.use(true), Duration.ofSeconds(1));
        DhtNode stranger = nodes.get(2);
        DhtNode victim = nodes.stream().skip(3).filter(n -> answering.routingTable().contains(n.id())).findFirst()
                .orElseThrow();
        assertThat(askFor(stranger, answering, victim)).as("alive: named").contains(victim.contact());

        sim.crash(victim.address());
        sim.runUntil(() -> health.holdsDead(victim.contact()), Duration.ofSeconds(30));
        assertThat(health.holdsDead(victim.contact())).as("suspect or dead within 30 s").isTrue();
        assertThat(askFor(stranger, answering, victim)).doesNotContain(victim.contact());
        sim.runFor(Duration.ofSeconds(30));
        assertThat(answering.routingTable().contains(victim.id())).as("declared dead and evicted").isFalse();
        assertThat(askFor(stranger, answering, victim)).doesNotContain(victim.contact()).isNotEmpty();
    }

    private List<Contact> askFor(DhtNode from, DhtNode to, DhtNode target) {
        BDict answer = cluster.driver().await(from.query(to.contact(), FindNodeQuery.METHOD,
                new FindNodeQuery(target.id()).arguments().build()), Duration.ofSeconds(10));
        return Reply.parse(answer).nodes();
    }
}
