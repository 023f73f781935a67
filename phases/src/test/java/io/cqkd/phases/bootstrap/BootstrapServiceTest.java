package io.cqkd.phases.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.cluster.Cluster;
import io.cqkd.dht.cluster.SimDriver;
import io.cqkd.transport.sim.SimNetwork;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BList;
import io.cqkd.wire.BString;
import io.cqkd.wire.BValue;
import io.cqkd.wire.krpc.CompactEncoding;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One super node and its regional nodes, asked directly: load reports, admission, redirects, slots. */
class BootstrapServiceTest {
    private final SimNetwork sim = new SimNetwork(12);
    private final Cluster cluster = new Cluster(sim, new SimDriver(sim), 12);
    private final List<DhtNode> nodes = cluster.startNodes(5, DhtConfig.defaults(), i -> null);
    private final DhtNode superNode = nodes.get(0);
    private final DhtNode joiner = nodes.get(4);

    private BDict ask(DhtNode node, String method, BDict arguments) {
        return cluster.driver().await(joiner.query(node.address(), method, arguments), Duration.ofSeconds(30));
    }

    private BDict join(DhtNode node, String region) {
        return ask(node, BootstrapService.JOIN, BDict.builder().put("region", region).build());
    }

    private static List<InetSocketAddress> redirects(BDict refusal) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (BValue v : ((BList) refusal.get("redirect")).items()) {
            out.add(CompactEncoding.decodePeer("redirect", ((BString) v).toBytes()));
        }
        return out;
    }

    @Test
    void admitsUpToItsCapacityThenRefusesNamingTheJoinersRegionalNodesFirst() {
        BootstrapService service = new BootstrapService(superNode, BootstrapTier.SUPER, "any", 3);
        DhtNode east = nodes.get(1);
        DhtNode west = nodes.get(2);
        new BootstrapService(east, BootstrapTier.REGIONAL, "east", 10, List.of(superNode.address()));
        new BootstrapService(west, BootstrapTier.REGIONAL, "west", 10, List.of(superNode.address()));
        sim.runFor(Duration.ofSeconds(1)); // their first heartbeats register them

        BDict stats = ask(superNode, BootstrapService.STATS, BDict.empty());
        assertThat(stats.requireString("tier").asUtf8()).isEqualTo("super");
        assertThat(stats.requireInt("capacity")).isEqualTo(3);
        assertThat(stats.requireList("regionals").items()).hasSize(2);

        for (int i = 0; i < 3; i++) {
            assertThat(join(superNode, "west").requireInt("accept")).isEqualTo(1);
        }
        assertThat(service.activeJoins()).isEqualTo(3);
        BDict refusal = join(superNode, "west");
        assertThat(refusal.requireInt("accept")).isZero();
        assertThat(refusal.requireString("reason").asUtf8()).isEqualTo("full: 3 joins of 3");
        assertThat(redirects(refusal)).containsExactly(west.address(), east.address());
        assertThat(service.refused()).isEqualTo(1);
        assertThat(ask(superNode, BootstrapService.STATS, BDict.empty()).requireInt("active")).isEqualTo(3);
    }

    @Test
    void anAdmittedJoinHoldsItsSlotForJoinSlotThenFreesIt() {
        BootstrapService service = new BootstrapService(superNode, BootstrapTier.SUPER, "any", 1);
        assertThat(join(superNode, "east").requireInt("accept")).isEqualTo(1);
        assertThat(join(superNode, "east").requireInt("accept")).isZero();
        sim.runFor(BootstrapService.JOIN_SLOT);
        assertThat(service.activeJoins()).isZero();
        assertThat(service.activeJoinsSnapshot()).isZero();
        assertThat(join(superNode, "east").requireInt("accept")).isEqualTo(1);
        assertThat(service.served()).isEqualTo(2);
    }

    @Test
    void aFullRegionalNodeSendsJoinersToItsSuperNodes() {
        DhtNode regional = nodes.get(1);
        new BootstrapService(superNode, BootstrapTier.SUPER, "any", 100);
        BootstrapService service = new BootstrapService(regional, BootstrapTier.REGIONAL, "east", 1,
                List.of(superNode.address()));
        join(regional, "east");
        BDict refusal = join(regional, "east");
        assertThat(refusal.requireInt("accept")).isZero();
        assertThat(redirects(refusal)).containsExactly(superNode.address());
        assertThat(service.refused()).isEqualTo(1);
    }

    @Test
    void aRegionalNodeThatGoesSilentIsForgottenAndNoLongerNamed() {
        new BootstrapService(superNode, BootstrapTier.SUPER, "any", 10);
        DhtNode regional = nodes.get(1);
        new BootstrapService(regional, BootstrapTier.REGIONAL, "east", 10, List.of(superNode.address()));
        sim.runFor(Duration.ofSeconds(1));
        assertThat(ask(superNode, BootstrapService.STATS, BDict.empty()).requireList("regionals").items()).hasSize(1);
        sim.crash(regional.address());
        sim.runFor(BootstrapService.REGIONAL_SILENCE.plus(BootstrapService.HEARTBEAT));
        assertThat(ask(superNode, BootstrapService.STATS, BDict.empty()).requireList("regionals").items()).isEmpty();
        assertThat(superNode.stats().get("bootstrap.regional-lost")).isEqualTo(1);
    }

    @Test
    void aWorkerAcceptsPromotionOnlyFromItsBootstrapNodes() {
        DhtNode worker = nodes.get(3);
        var promoted = BootstrapService.acceptPromotion(worker, List.of(superNode.address()));
        BDict promote = BDict.builder().put("region", "east").put("capacity", 10)
                .put("super", CompactEncoding.encodePeer(joiner.address())).build();
        var stranger = joiner.query(worker.address(), BootstrapService.PROMOTE, promote);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cluster.driver().await(stranger, Duration.ofSeconds(30)))
                .hasMessageContaining("only from this node's bootstrap nodes");
        assertThat(promoted.get()).isNull();
        BDict accepted = cluster.driver().await(superNode.query(worker.address(), BootstrapService.PROMOTE, promote),
                Duration.ofSeconds(30));
        assertThat(accepted.requireInt("accept")).isEqualTo(1);
        assertThat(promoted.get()).isNotNull();
    }
}
