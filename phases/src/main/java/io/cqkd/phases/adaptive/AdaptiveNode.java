package io.cqkd.phases.adaptive;

import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.NodeEvents;
import io.cqkd.dht.NodePolicies;
import io.cqkd.dht.async.OnLoop;
import io.cqkd.dht.lookup.LookupPurpose;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.dht.lookup.LookupShape;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Phase 3 on one node: its network size estimate (fed by every lookup the node finishes, whether
 * the phase is on or not: it costs no message), its local health (probed every
 * {@link #HEALTH_PROBE}), and the policies the phase installs — {@code adaptive} or {@code table} —
 * over the node's other policies. Confined to the node's loop, but for the estimate, which any
 * thread may read.
 */
public final class AdaptiveNode {
    /**
     * How often the node checks its own loop and load. A slow loop shows within one probe; more often
     * costs a timer per node (a process may host thousands) for little gain.
     */
    static final Duration HEALTH_PROBE = Duration.ofSeconds(5);

    private final DhtNode node;
    private final AdaptiveParameters parameters;
    private final NetworkSizeEstimator estimator;
    private final LocalHealth health = new LocalHealth();
    private final AdaptiveCallTiming adaptiveTiming;

    private AdaptiveNode(DhtNode node, AdaptiveParameters parameters) {
        this.node = node;
        this.parameters = parameters;
        this.estimator = new NetworkSizeEstimator(node.id());
        DhtConfig config = node.config();
        this.adaptiveTiming = new AdaptiveCallTiming(config.lookupStallTimeout(), parameters.minTimeout(),
                parameters.maxTimeout(), health);
    }

    /** Starts the estimate and the health probe of {@code node}, on its loop. */
    public static CompletableFuture<AdaptiveNode> start(DhtNode node, AdaptiveParameters parameters) {
        return OnLoop.get(node.scheduler(), () -> {
            AdaptiveNode adaptive = new AdaptiveNode(node, parameters);
            node.control().subscribe(new NodeEvents() {
                @Override
                public void lookupDone(LookupPurpose purpose, LookupResult result) {
                    adaptive.estimator.observe(result);
                }
            });
            adaptive.probeHealth(node.clock().nanoTime() + HEALTH_PROBE.toNanos());
            return adaptive;
        });
    }

    private void probeHealth(long dueNanos) {
        node.scheduler().schedule(Duration.ofNanos(Math.max(0, dueNanos - node.clock().nanoTime())), () -> {
            if (node.isStopped()) {
                return;
            }
            long now = node.clock().nanoTime();
            health.loopLag(now - dueNanos);
            health.load(load());
            probeHealth(now + HEALTH_PROBE.toNanos());
        });
    }

    /** The share of the node's call bound in flight now. */
    double load() {
        return (double) node.control().callsInFlight() / node.config().maxOutstandingRpcs();
    }

    /** The phase's policies over {@code current}: its call timing and lookup shape, the rest unchanged. */
    public NodePolicies policies(NodePolicies current) {
        DhtConfig config = node.config();
        LookupShape.Shape fallbackShape = new LookupShape.Shape(config.k(), config.alpha());
        if (parameters.policy().equals("table")) {
            return current.withCallTiming(new TableCallTiming(estimator::estimate, parameters.table()))
                    .withLookupShape(new TableLookupShape(estimator::estimate, parameters.table(), config.refreshK()));
        }
        return current.withCallTiming(adaptiveTiming).withLookupShape(new AdaptiveLookupShape(estimator::estimate,
                this::load, parameters.table(), fallbackShape, config.refreshK()));
    }

    /** What runs with the phase off: the fallback's fixed timing and shape, the rest unchanged. */
    public NodePolicies fallback(NodePolicies current) {
        NodePolicies defaults = NodePolicies.defaults(node.config());
        return current.withCallTiming(defaults.callTiming()).withLookupShape(defaults.lookupShape());
    }

    /** Installs the phase's policies ({@code on}) or the fallback's on the node. */
    public CompletableFuture<NodePolicies> use(boolean on) {
        return node.control().usePolicies(current -> on ? policies(current) : fallback(current));
    }

    public DhtNode node() {
        return node;
    }

    /** The estimated number of nodes in the network; 0 before the first lookup (any thread). */
    public long sizeEstimate() {
        return estimator.estimate();
    }

    /** The node's local-health score (0: healthy). */
    public int healthScore() {
        return health.score();
    }
}
