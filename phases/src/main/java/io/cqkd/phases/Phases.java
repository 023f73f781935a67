package io.cqkd.phases;

import io.cqkd.dht.BootstrapException;
import io.cqkd.dht.BootstrapResult;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.discovery.Discovery;
import io.cqkd.dht.discovery.RandomWalkDiscovery;
import io.cqkd.phases.adaptive.AdaptiveParameters;
import io.cqkd.phases.adaptive.AdaptivePhase;
import io.cqkd.phases.bootstrap.TiersPhase;
import io.cqkd.phases.health.HealthParameters;
import io.cqkd.phases.health.HealthPhase;
import io.cqkd.phases.ports.PortsPhase;
import io.cqkd.phases.refresh.RefreshParameters;
import io.cqkd.phases.refresh.RefreshPhase;
import io.cqkd.settings.Feature;
import io.cqkd.settings.SettingNames;
import io.cqkd.settings.Settings;
import io.cqkd.transport.Binder;
import io.prometheus.metrics.core.metrics.Counter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;

/**
 * The phase modules of one process, and the only place the process talks to them: how its nodes
 * bind and join, what is installed on each node, run-time flag flips, and the guards. A process
 * that knows no phase by name gets every phase this way, each on or off by its flag.
 */
public final class Phases {
    /** Saved peers one node joins through: a few answers fill its table, its own lookups the rest. */
    static final int SAVED_PEERS_PER_JOIN = 8;

    private final ProcessContext context;
    private final List<PhaseModule> modules;
    private final List<PhaseGuard> guards = new ArrayList<>();
    private final List<DhtNode> nodes = new CopyOnWriteArrayList<>();

    /** The modules of this build, one per implemented phase, in phase order. */
    public static Phases of(ProcessContext context) {
        return new Phases(context, List.of(new PortsPhase(context), new TiersPhase(context),
                new AdaptivePhase(context), new HealthPhase(context), new RefreshPhase(context)));
    }

    public Phases(ProcessContext context, List<PhaseModule> modules) {
        Set<Feature> seen = EnumSet.noneOf(Feature.class);
        for (PhaseModule m : modules) {
            if (!seen.add(m.feature())) {
                throw new IllegalArgumentException("two modules for " + m.feature());
            }
        }
        this.context = context;
        this.modules = List.copyOf(modules);
        Counter trips = PhaseGuard.tripsCounter(context.registry());
        long window = context.settings().get(SettingNames.GUARD_WINDOW).toNanos();
        for (PhaseModule m : modules) {
            m.guard().ifPresent(rule -> guards.add(new PhaseGuard(m.feature(), rule.metricName(), rule.health(),
                    rule.threshold(), window, context.clock(), context.flags(), trips)));
        }
        context.flags().onFlip((feature, active) -> modules.stream().filter(m -> m.feature() == feature)
                .forEach(m -> m.flagChanged(active, List.copyOf(nodes))));
    }

    /**
     * Checks what single values cannot show: settings that contradict each other (a suspicion
     * minimum above its maximum, a refresh clamp upside down). Throws the first
     * {@code InvalidSettingException}, as a role process would at start.
     */
    public static void checkSettings(Settings settings) {
        AdaptiveParameters.of(settings);
        HealthParameters.of(settings);
        RefreshParameters.of(settings);
    }

    public List<PhaseModule> modules() {
        return modules;
    }

    /** The features this set has modules for: the phases whose code this build contains. */
    public Set<Feature> features() {
        Set<Feature> out = EnumSet.noneOf(Feature.class);
        modules.forEach(m -> out.add(m.feature()));
        return out;
    }

    /** How node {@code index} binds: the first module that says, else the effective port as it is. */
    public Binder binder(int index) {
        for (PhaseModule m : modules) {
            Optional<Binder> binder = m.binder(index);
            if (binder.isPresent()) {
                return binder.get();
            }
        }
        InetSocketAddress address = new InetSocketAddress(context.settings().effectivePort() + index);
        return handler -> context.transport().bind(address, handler);
    }

    /** A node started: every module installs what it puts on nodes. */
    public void nodeStarted(DhtNode node) {
        nodes.add(node);
        modules.forEach(m -> m.nodeStarted(node));
    }

    /**
     * Joins through the peers saved before a restart, if a module kept some and one of them answers;
     * else through the first module that handles joins now, else the flat join through every seed.
     */
    public CompletableFuture<BootstrapResult> join(DhtNode node, List<InetSocketAddress> seeds) {
        List<InetSocketAddress> saved = savedPeers();
        if (saved.isEmpty()) {
            return joinThroughSeeds(node, seeds);
        }
        return node.bootstrap(someOf(saved, node)).handle((result, error) -> {
            if (error == null && result.tableSize() > 0) {
                return CompletableFuture.completedFuture(result);
            }
            return seeds.isEmpty() // a bootstrap node that started the network: it may found it again
                    ? CompletableFuture.<BootstrapResult>failedFuture(new BootstrapException(
                            "no saved peer answered, and no bootstrap node is configured"))
                    : joinThroughSeeds(node, seeds);
        }).thenCompose(f -> f);
    }

    /**
     * Up to {@link #SAVED_PEERS_PER_JOIN} of {@code saved}, a different run of them for each node (by
     * its id): a process of a thousand nodes must not have each ping all 512 saved peers.
     */
    private static List<InetSocketAddress> someOf(List<InetSocketAddress> saved, DhtNode node) {
        if (saved.size() <= SAVED_PEERS_PER_JOIN) {
            return saved;
        }
        int start = Math.floorMod(node.id().hashCode(), saved.size());
        List<InetSocketAddress> out = new ArrayList<>(SAVED_PEERS_PER_JOIN);
        for (int i = 0; i < SAVED_PEERS_PER_JOIN; i++) {
            out.add(saved.get((start + i) % saved.size()));
        }
        return out;
    }

    /** Peers saved before a restart, over every module (phase 5's saved table); empty when none. */
    public List<InetSocketAddress> savedPeers() {
        List<InetSocketAddress> out = new ArrayList<>();
        modules.forEach(m -> out.addAll(m.savedPeers()));
        return out;
    }

    private CompletableFuture<BootstrapResult> joinThroughSeeds(DhtNode node, List<InetSocketAddress> seeds) {
        for (PhaseModule m : modules) {
            Optional<CompletableFuture<BootstrapResult>> join = m.join(node, seeds);
            if (join.isPresent()) {
                return join.get();
            }
        }
        return node.bootstrap(seeds);
    }

    /** How a service on {@code node} finds many distinct nodes: the first module that says, else random walks. */
    public Discovery discovery(DhtNode node, RandomGenerator random) {
        for (PhaseModule m : modules) {
            Optional<Discovery> discovery = m.discovery(node);
            if (discovery.isPresent()) {
                return discovery.get();
            }
        }
        return new RandomWalkDiscovery(node, random);
    }

    public void nodeStopped(DhtNode node) {
        nodes.remove(node);
        modules.forEach(m -> m.nodeStopped(node));
    }

    /** What every module adds to the process's {@code /health} answer. */
    public Map<String, Object> health() {
        Map<String, Object> out = new TreeMap<>();
        modules.forEach(m -> out.putAll(m.health()));
        return out;
    }

    /** Runs every guard once (the process calls this every second). */
    public void checkGuards() {
        guards.forEach(PhaseGuard::check);
    }

    /** Every module's once-a-second work (the process calls this every second, off the nodes' loops). */
    public void everySecond() {
        modules.forEach(PhaseModule::everySecond);
    }

    /** The process is stopping, its nodes still running. */
    public void processStopping() {
        modules.forEach(PhaseModule::processStopping);
    }
}
