package io.cqkd.phases.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.cluster.Cluster;
import io.cqkd.dht.cluster.SimDriver;
import io.cqkd.dht.routing.Bep5Liveness;
import io.cqkd.phases.Phases;
import io.cqkd.phases.ProcessContext;
import io.cqkd.phases.ProcessRole;
import io.cqkd.phases.RuntimeFlags;
import io.cqkd.settings.Feature;
import io.cqkd.settings.Settings;
import io.cqkd.transport.sim.SimNetwork;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Phase 4 as a module in a simulated process: the flag (off: not one health RPC), a flip, the guard. */
class HealthPhaseTest {
    private final SimNetwork sim = new SimNetwork(31);
    private final Cluster cluster = new Cluster(sim, new SimDriver(sim), 31);
    private final long[] now = {0};
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private HealthPhase module;

    private Phases phases(RuntimeFlags flags, Settings settings) {
        ProcessContext context = new ProcessContext(ProcessRole.WORKER, settings, flags, registry, sim,
                new SplittableRandom(2), () -> now[0]);
        module = new HealthPhase(context);
        return new Phases(context, List.of(module));
    }

    private List<DhtNode> network(int size, Phases phases) {
        List<DhtNode> nodes = cluster.startNodes(size, DhtConfig.defaults(), i -> null);
        nodes.forEach(phases::nodeStarted);
        sim.runFor(Duration.ofMillis(1));
        nodes.get(0).startNewNetwork();
        cluster.driver().await(cluster.joinAll(nodes.subList(1, size), List.of(nodes.get(0).address()), 64),
                Duration.ofHours(1));
        return nodes;
    }

    /** Health queries the nodes received: indirect probes, and the medium level's get. */
    private static long healthQueriesReceived(List<DhtNode> nodes) {
        return nodes.stream().mapToLong(n -> n.stats().get("queries.received.cqkd_probe")
                + n.stats().get("queries.received.get")).sum();
    }

    @Test
    void withTheFlagOffNotOneHealthRpcIsSentInAnHourThoughNodesDie() {
        Settings settings = Settings.load(Map.of("ENABLE_HEALTH_CHECK", "false"), Map.of());
        List<DhtNode> nodes = network(60, phases(new RuntimeFlags(settings, registry), settings));
        for (int i = 50; i < 60; i++) {
            sim.crash(nodes.get(i).address());
        }
        sim.runFor(Duration.ofHours(1));
        assertThat(module.counters().rpcs()).isZero();
        assertThat(module.counters().checksTotal()).isZero();
        assertThat(healthQueriesReceived(nodes.subList(0, 50))).isZero();
        assertThat(nodes.get(3).control().policies().liveness()).isInstanceOf(Bep5Liveness.class);
    }

    @Test
    void aFlipTurnsTheChecksOnAndOffAndTheDeadLeaveTheTablesOnlyWhileOn() {
        Settings settings = Settings.load(Map.of("ENABLE_HEALTH_CHECK", "false"), Map.of());
        RuntimeFlags flags = new RuntimeFlags(settings, registry);
        List<DhtNode> nodes = network(60, phases(flags, settings));
        flags.set(Feature.HEALTH_CHECK, true, "admin");
        sim.runFor(Duration.ofSeconds(30));
        assertThat(module.counters().checksTotal()).isPositive();
        assertThat(nodes.get(3).control().policies().liveness()).isInstanceOf(HealthLiveness.class);
        DhtNode dead = nodes.get(40);
        sim.crash(dead.address());
        sim.runFor(Duration.ofSeconds(60));
        assertThat(nodes.subList(0, 40)).noneMatch(n -> n.routingTable().contains(dead.id()));
        assertThat(module.counters().deaths().get("suspicion")).isPositive();

        flags.set(Feature.HEALTH_CHECK, false, "admin");
        sim.runFor(Duration.ofSeconds(30)); // the checks in flight end
        long rpcs = module.counters().rpcs();
        sim.runFor(Duration.ofMinutes(10));
        assertThat(module.counters().rpcs()).as("off again: no more health RPCs").isEqualTo(rpcs);
        assertThat(nodes.get(3).control().policies().liveness()).isInstanceOf(Bep5Liveness.class);
    }

    @Test
    void theGuardRollsThePhaseBackWhenMostChecksEndInDeaths() {
        Settings settings = Settings.load(Map.of("GUARD_WINDOW", "10"), Map.of());
        RuntimeFlags flags = new RuntimeFlags(settings, registry);
        Phases phases = phases(flags, settings);
        List<DhtNode> nodes = network(40, phases);
        sim.runFor(Duration.ofSeconds(30));
        phases.checkGuards();
        assertThat(flags.active(Feature.HEALTH_CHECK)).isTrue();
        for (DhtNode n : nodes.subList(2, nodes.size())) { // from node 1's side, the whole network dies
            sim.crash(n.address());
        }
        for (int second = 0; second <= 60; second++) {
            sim.runFor(Duration.ofSeconds(1));
            now[0] += Duration.ofSeconds(1).toNanos();
            phases.checkGuards();
        }
        assertThat(flags.active(Feature.HEALTH_CHECK)).as("rolled back after GUARD_WINDOW").isFalse();
    }
}
