package io.cqkd.phases.adaptive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.NodePolicies;
import io.cqkd.dht.cluster.Cluster;
import io.cqkd.dht.cluster.SimDriver;
import io.cqkd.dht.lookup.FixedLookupShape;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.dht.rpc.FixedCallTiming;
import io.cqkd.phases.Phases;
import io.cqkd.phases.ProcessContext;
import io.cqkd.phases.ProcessRole;
import io.cqkd.phases.RuntimeFlags;
import io.cqkd.settings.Feature;
import io.cqkd.settings.Settings;
import io.cqkd.transport.sim.SimNetwork;
import io.cqkd.wire.BDict;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Phase 3 as a module in a simulated process: the flag, its run-time flips, its guard. */
class AdaptivePhaseTest {
    private final SimNetwork sim = new SimNetwork(21);
    private final Cluster cluster = new Cluster(sim, new SimDriver(sim), 21);
    private final long[] now = {0};
    private final PrometheusRegistry registry = new PrometheusRegistry();

    private AdaptivePhase module;

    private Phases phases(RuntimeFlags flags, Settings settings) {
        ProcessContext context = new ProcessContext(ProcessRole.WORKER, settings, flags, registry, sim,
                new SplittableRandom(2), () -> now[0]);
        module = new AdaptivePhase(context);
        return new Phases(context, List.of(module));
    }

    private List<DhtNode> network(int size, Phases phases) {
        List<DhtNode> nodes = cluster.startNodes(size, DhtConfig.defaults(), i -> null);
        nodes.forEach(phases::nodeStarted);
        sim.runFor(Duration.ofMillis(1)); // the modules attach on the nodes' loops
        nodes.get(0).startNewNetwork();
        cluster.driver().await(cluster.joinAll(nodes.subList(1, size), List.of(nodes.get(0).address()), 64),
                Duration.ofHours(1));
        return nodes;
    }

    /** How long a call to {@code peer}, which has just died, takes to fail (virtual time). */
    private long failureNanos(DhtNode from, Contact peer) {
        long start = sim.nanoTime();
        CompletableFuture<Throwable> call = from.query(peer, "ping", BDict.empty()).handle((r, e) -> e);
        assertThat(cluster.driver().await(call, Duration.ofMinutes(1))).isNotNull();
        return sim.nanoTime() - start;
    }

    @Test
    void onTheNodesUseThePoliciesOffExactlyTheFallbacksValuesAndAFlipWorksBothWays() {
        Settings settings = Settings.defaults();
        RuntimeFlags flags = new RuntimeFlags(settings, registry);
        Phases phases = phases(flags, settings);
        List<DhtNode> nodes = network(40, phases);
        DhtNode node = nodes.get(3);
        assertThat(node.control().policies().callTiming()).isInstanceOf(AdaptiveCallTiming.class);
        assertThat(node.control().policies().lookupShape()).isInstanceOf(AdaptiveLookupShape.class);

        // A peer the node has talked to, then dies: the adaptive timing gives up after its measured RTO.
        DhtNode peer = nodes.get(9);
        for (int i = 0; i < 5; i++) {
            cluster.driver().await(node.ping(peer.address()), Duration.ofSeconds(10));
        }
        Contact dead = peer.contact();
        sim.crash(dead.address());
        assertThat(failureNanos(node, dead)).isLessThan(Duration.ofSeconds(1).toNanos());

        flags.set(Feature.ADAPTIVE_KADEMLIA, false, "admin");
        sim.runFor(Duration.ofMillis(1));
        DhtConfig config = node.config();
        NodePolicies fallback = node.control().policies();
        assertThat(fallback.callTiming()).isEqualTo(new FixedCallTiming(config.lookupStallTimeout(), config.rpcTimeout()));
        assertThat(fallback.lookupShape()).isEqualTo(new FixedLookupShape(config.k(), config.alpha(), config.refreshK()));
        assertThat(failureNanos(node, dead)).as("exactly FALLBACK_TIMEOUT").isEqualTo(config.rpcTimeout().toNanos());

        flags.set(Feature.ADAPTIVE_KADEMLIA, true, "admin");
        sim.runFor(Duration.ofMillis(1));
        assertThat(node.control().policies().callTiming()).isInstanceOf(AdaptiveCallTiming.class);
        assertThat(failureNanos(node, dead)).isLessThan(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void everyLookupUsesTheFallbacksAlphaAndKWithTheFlagOffAndThePhasesWithItOn() {
        Settings settings = Settings.defaults();
        RuntimeFlags flags = new RuntimeFlags(settings, registry);
        Phases phases = phases(flags, settings);
        List<DhtNode> nodes = network(120, phases);
        SplittableRandom random = new SplittableRandom(6);
        // Each node looks around a few times: its estimate comes out above 50 (the plan's table: k 25).
        List<CompletableFuture<LookupResult>> warm = new ArrayList<>();
        nodes.forEach(n -> warm.add(n.lookup(NodeId.random(random))));
        cluster.driver().await(CompletableFuture.allOf(warm.toArray(CompletableFuture[]::new)), Duration.ofHours(1));
        List<LookupResult> on = lookups(nodes, random);
        assertThat(on).allSatisfy(r -> {
            assertThat(r.width()).isIn(20, 25); // 20 only where a node's estimate is still below 51
            assertThat(r.alpha()).isBetween(6, 8);
        });
        assertThat(on).anySatisfy(r -> assertThat(r.width()).isEqualTo(25));

        flags.set(Feature.ADAPTIVE_KADEMLIA, false, "admin");
        sim.runFor(Duration.ofMillis(1));
        assertThat(lookups(nodes, random)).allSatisfy(r -> {
            assertThat(r.width()).isEqualTo(settings.effectiveK());
            assertThat(r.alpha()).isEqualTo(settings.effectiveAlpha());
        });
    }

    private List<LookupResult> lookups(List<DhtNode> nodes, SplittableRandom random) {
        List<CompletableFuture<LookupResult>> lookups = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            lookups.add(nodes.get(random.nextInt(nodes.size())).lookup(NodeId.random(random)));
        }
        cluster.driver().await(CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)), Duration.ofHours(1));
        return lookups.stream().map(CompletableFuture::join).toList();
    }

    @Test
    void theFlagOffAtStartUpLeavesTheFallbackAndTheEstimateStillRuns() {
        Settings settings = Settings.load(Map.of("ENABLE_ADAPTIVE_KADEMLIA", "false"), Map.of());
        RuntimeFlags flags = new RuntimeFlags(settings, registry);
        List<DhtNode> nodes = network(15, phases(flags, settings));
        for (DhtNode node : nodes) {
            assertThat(node.control().policies().callTiming()).isInstanceOf(FixedCallTiming.class);
        }
        cluster.driver().await(nodes.get(4).lookup(NodeId.random(new SplittableRandom(1))), Duration.ofMinutes(1));
        assertThat(registry.scrape().stream().filter(m -> m.getMetadata().getName().equals("cqkd_network_size_estimate"))
                .findFirst().orElseThrow().getDataPoints().get(0)).isNotNull();
    }

    @Test
    void theGuardRollsThePhaseBackWhenLookupsFindNothing() {
        Settings settings = Settings.load(Map.of("GUARD_WINDOW", "10"), Map.of());
        RuntimeFlags flags = new RuntimeFlags(settings, registry);
        Phases phases = phases(flags, settings);
        List<DhtNode> nodes = network(30, phases);
        phases.checkGuards(); // the lookups of the joins: all found nodes
        assertThat(flags.active(Feature.ADAPTIVE_KADEMLIA)).isTrue();
        DhtNode lonely = nodes.get(1);
        for (DhtNode n : nodes) {
            if (n != lonely) {
                sim.crash(n.address());
            }
        }
        SplittableRandom random = new SplittableRandom(4);
        for (int second = 0; second <= 10; second++) {
            List<CompletableFuture<?>> lookups = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                lookups.add(lonely.lookup(NodeId.random(random)));
            }
            cluster.driver().await(CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)), Duration.ofMinutes(5));
            now[0] += Duration.ofSeconds(1).toNanos();
            phases.checkGuards();
        }
        assertThat(flags.active(Feature.ADAPTIVE_KADEMLIA)).as("rolled back after GUARD_WINDOW").isFalse();
        sim.runFor(Duration.ofMillis(1));
        assertThat(lonely.control().policies().callTiming()).isInstanceOf(FixedCallTiming.class);
    }

    @Test
    void theSizeEstimateIsExactBelowALookupsWidthAndCloseAbove() {
        Settings settings = Settings.defaults();
        RuntimeFlags flags = new RuntimeFlags(settings, registry);
        Phases small = phases(flags, settings);
        List<DhtNode> fifteen = network(15, small);
        cluster.driver().await(fifteen.get(2).lookup(NodeId.random(new SplittableRandom(5))), Duration.ofMinutes(1));
        assertThat(small.health().get("network_size_estimate")).isEqualTo(15L);
    }

    @Test
    void aThousandNodesEstimateTheirNumberWithin25PercentAfterTenLookups() {
        assertEstimateAt(1_000);
    }

    @Test
    void tenThousandNodesEstimateTheirNumberWithin25PercentAfterTenLookups() {
        assertEstimateAt(10_000);
    }

    @Test
    void twoHundredNodesEstimateTheirNumberWithin25PercentAfterTenLookups() {
        assertEstimateAt(200);
    }

    /** Twenty nodes each look around ten times, as a node does in a few minutes of its life. */
    private void assertEstimateAt(int size) {
        Settings settings = Settings.defaults();
        RuntimeFlags flags = new RuntimeFlags(settings, registry);
        List<DhtNode> nodes = network(size, phases(flags, settings));
        SplittableRandom random = new SplittableRandom(size);
        List<DhtNode> lookers = new ArrayList<>();
        List<CompletableFuture<?>> lookups = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            DhtNode looker = nodes.get(1 + n * (size / 20 - 1));
            lookers.add(looker);
            for (int i = 0; i < 10; i++) {
                lookups.add(looker.lookup(NodeId.random(random)));
            }
        }
        cluster.driver().await(CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)), Duration.ofHours(1));
        long[] estimates = lookers.stream().mapToLong(module::sizeEstimateOf).sorted().toArray();
        assertThat((double) estimates[10]).as("the median of twenty").isCloseTo(size, within(0.25 * size));
        assertThat(java.util.Arrays.stream(estimates).boxed().toList())
                .allSatisfy(e -> assertThat((double) e).isCloseTo(size, within(0.5 * size)));
    }

    @Test
    void theProcessEstimateConvergesAsMaintenanceLooksAround() {
        Settings settings = Settings.defaults();
        RuntimeFlags flags = new RuntimeFlags(settings, registry);
        Phases phases = phases(flags, settings);
        network(200, phases);
        sim.runFor(Duration.ofMinutes(10)); // ten rounds of maintenance: two bucket refreshes each
        long estimate = (long) phases.health().get("network_size_estimate");
        assertThat((double) estimate).isCloseTo(200, within(50.0));
    }
}
