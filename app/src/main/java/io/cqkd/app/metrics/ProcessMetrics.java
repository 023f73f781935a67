package io.cqkd.app.metrics;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.DhtObserver;
import io.cqkd.phases.ProcessRole;
import io.cqkd.phases.RuntimeFlags;
import io.cqkd.settings.Settings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.function.Supplier;

/**
 * The metrics one process serves on /metrics, in one registry of its own (never the library's
 * global default: a test JVM may host several processes' worth of nodes): the DHT's, the nodes',
 * the feature flags'. Each phase module registers its own metrics in the same registry.
 */
public final class ProcessMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final DhtObserver observer;
    private final RuntimeFlags flags;

    public ProcessMetrics(ProcessRole role, Settings settings, Supplier<List<DhtNode>> nodes) {
        this.observer = new DhtMetrics(registry).observer(role.label());
        this.flags = new RuntimeFlags(settings, registry);
        NodeGauges.register(registry, role.label(), nodes);
        FeatureGauges.register(registry, flags);
    }

    /** The feature flags in force, flippable through the admin endpoint. */
    public RuntimeFlags flags() {
        return flags;
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** What the nodes of this process report to. */
    public DhtObserver observer() {
        return observer;
    }
}
