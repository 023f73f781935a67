package io.cqkd.phases.adaptive;

import io.cqkd.dht.DhtNode;
import io.cqkd.phases.GuardRule;
import io.cqkd.phases.PhaseModule;
import io.cqkd.phases.ProcessContext;
import io.cqkd.settings.Feature;
import io.cqkd.settings.SettingNames;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Phase 3 as a module. Every node of the process estimates the network's size (an
 * {@link AdaptiveNode}); while {@code ENABLE_ADAPTIVE_KADEMLIA} is on, its calls are timed and its
 * lookups shaped by the {@code KADEMLIA_POLICY} ({@code adaptive} or {@code table}); off — at
 * start-up, by a run-time flip or by the guard — the fallback's {@code FALLBACK_ALPHA},
 * {@code FALLBACK_K} and {@code FALLBACK_TIMEOUT} hold. Metrics: the size estimate (median over the
 * process's nodes), alpha and width in force, the local-health score; the false timeouts are the
 * DHT's own ({@code cqkd_rpc_false_timeouts_total}). Guard: the share of lookups that found nothing,
 * above {@code 1 − ADAPTIVE_GUARD_MIN_LOOKUP_SUCCESS} for {@code GUARD_WINDOW}.
 */
public final class AdaptivePhase implements PhaseModule {
    private final ProcessContext context;
    private final AdaptiveParameters parameters;
    private final List<AdaptiveNode> nodes = new CopyOnWriteArrayList<>();
    private final LookupSuccess lookups = new LookupSuccess();

    public AdaptivePhase(ProcessContext context) {
        this.context = context;
        this.parameters = AdaptiveParameters.of(context.settings());
        String role = context.role().label();
        GaugeWithCallback.builder().name("cqkd_network_size_estimate")
                .help("Nodes in the network, estimated from the ids lookups return (median over this process's nodes)")
                .labelNames("role").callback(cb -> cb.call(sizeEstimate(), role)).register(context.registry());
        GaugeWithCallback.builder().name("cqkd_kademlia_parameter")
                .help("Lookup parameters in force on this process's first node: alpha (calls in flight) and k"
                        + " (lookup width), for a lookup started now")
                .labelNames("role", "parameter")
                .callback(cb -> {
                    LookupInForce now = LookupInForce.of(nodes.isEmpty() ? null : nodes.get(0).node());
                    cb.call(now.alpha(), role, "alpha");
                    cb.call(now.width(), role, "k");
                }).register(context.registry());
        GaugeWithCallback.builder().name("cqkd_local_health_score")
                .help("Lifeguard local-health score, highest over this process's nodes: 0 healthy; a node at n"
                        + " stretches its timeouts n + 1 times instead of accusing peers of its own slowness")
                .labelNames("role")
                .callback(cb -> cb.call(nodes.stream().mapToInt(AdaptiveNode::healthScore).max().orElse(0), role))
                .register(context.registry());
    }

    @Override
    public Feature feature() {
        return Feature.ADAPTIVE_KADEMLIA;
    }

    private boolean active() {
        return context.flags().active(Feature.ADAPTIVE_KADEMLIA);
    }

    @Override
    public void nodeStarted(DhtNode node) {
        lookups.track(node);
        AdaptiveNode.start(node, parameters).thenAccept(adaptive -> {
            nodes.add(adaptive);
            adaptive.use(active());
        });
    }

    @Override
    public void flagChanged(boolean active, List<DhtNode> started) {
        nodes.forEach(n -> n.use(active));
    }

    @Override
    public Optional<GuardRule> guard() {
        double minSuccess = context.settings().get(SettingNames.ADAPTIVE_GUARD_MIN_LOOKUP_SUCCESS);
        return Optional.of(new GuardRule("share of lookups that found no node", lookups::failureShareSinceLastCall,
                1 - minSuccess));
    }

    @Override
    public Map<String, Object> health() {
        return Map.of("network_size_estimate", sizeEstimate());
    }

    /** The estimate of one node of the process; 0 when it is not (yet) one of the phase's. */
    long sizeEstimateOf(DhtNode node) {
        return nodes.stream().filter(n -> n.node() == node).mapToLong(AdaptiveNode::sizeEstimate).findFirst().orElse(0);
    }

    /** The median of the nodes' estimates: one node that has not looked anything up yet does not count. */
    long sizeEstimate() {
        long[] known = nodes.stream().mapToLong(AdaptiveNode::sizeEstimate).filter(n -> n > 0).sorted().toArray();
        return known.length == 0 ? 0 : known[known.length / 2];
    }
}
