package io.cqkd.phases.health;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.discovery.Discovery;
import io.cqkd.phases.GuardRule;
import io.cqkd.phases.PhaseModule;
import io.cqkd.phases.ProcessContext;
import io.cqkd.settings.Feature;
import io.cqkd.wire.krpc.Contact;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phase 4 as a module: a {@link HealthNode} on every node of the process, on while
 * {@code ENABLE_HEALTH_CHECK} is, and the discovery Alice recruits through. Off — at start-up, by a
 * run-time flip, or by the guard — BEP 5 liveness and random-walk discovery, and not one health RPC.
 * Guard: the share of checks that ended with a death over the last 30 s, above {@code HEALTH_GUARD_MAX_DEATH_SHARE}
 * for {@code GUARD_WINDOW} (a detector that kills half of what it checks is more likely wrong than
 * the network half dead).
 */
public final class HealthPhase implements PhaseModule {
    private static final Logger log = LoggerFactory.getLogger(HealthPhase.class);
    private final ProcessContext context;
    private final HealthParameters parameters;
    private final HealthCounters counters = new HealthCounters();
    private final HealthBudget budget;
    private final List<HealthNode> nodes = new CopyOnWriteArrayList<>();
    /** Readings of (checks, deaths) the guard's share is taken over: 30 s of them. */
    static final int GUARD_READINGS = 30;
    private final ArrayDeque<long[]> readings = new ArrayDeque<>();

    public HealthPhase(ProcessContext context) {
        this.context = context;
        this.parameters = HealthParameters.of(context.settings());
        this.budget = new HealthBudget(parameters.processRate());
        HealthMetrics.register(context.registry(), context.role().label(), counters, nodes);
    }

    @Override
    public Feature feature() {
        return Feature.HEALTH_CHECK;
    }

    private boolean active() {
        return context.flags().active(Feature.HEALTH_CHECK);
    }

    @Override
    public void nodeStarted(DhtNode node) {
        HealthNode.start(node, parameters, counters, budget, HealthPhase::logDeath).thenAccept(health -> {
            nodes.add(health);
            health.use(active());
        });
    }

    @Override
    public void nodeStopped(DhtNode node) {
        nodes.removeIf(h -> h.node() == node);
    }

    @Override
    public void flagChanged(boolean active, List<DhtNode> started) {
        nodes.forEach(n -> n.use(active));
    }

    @Override
    public Optional<Discovery> discovery(DhtNode node) {
        return Optional.of((needed, wanted, exclude) -> nodes.stream().filter(h -> h.node() == node).findFirst()
                .map(h -> h.discovery().find(needed, wanted, exclude))
                .orElseGet(() -> CompletableFuture.completedFuture(new Discovery.Found(List.of(), false))));
    }

    @Override
    public Optional<GuardRule> guard() {
        return Optional.of(new GuardRule("share of health checks that ended with a death", this::deathShare,
                parameters.guardMaxDeathShare()));
    }

    /**
     * Deaths over checks in the last {@link #GUARD_READINGS} readings (the guard reads every second):
     * a trailing window, since a death follows its failed check by a suspicion period, and a second
     * with no check must not read as "healthy"; 0 when nothing was checked.
     */
    synchronized double deathShare() {
        readings.addLast(new long[] {counters.checksTotal(), counters.deathsTotal()});
        if (readings.size() > GUARD_READINGS) {
            readings.removeFirst();
        }
        long[] first = readings.getFirst();
        long[] last = readings.getLast();
        long checks = last[0] - first[0];
        return checks == 0 ? 0 : Math.min(1, (double) (last[1] - first[1]) / checks);
    }

    @Override
    public Map<String, Object> health() {
        return Map.of("health_suspects", nodes.stream().mapToInt(HealthNode::suspects).sum(),
                "health_deaths", counters.deathsTotal());
    }

    private static void logDeath(Contact by, Contact peer, String reason) {
        log.debug("event=peer-declared-dead node={} peer={} reason={}", by, peer, reason);
    }

    public HealthCounters counters() {
        return counters;
    }
}
