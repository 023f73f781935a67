package io.cqkd.app.metrics;

import io.cqkd.app.admin.RuntimeFlags;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.DhtObserver;
import io.cqkd.settings.Settings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every metric one process serves on /metrics, in one registry of its own (never the library's
 * global default: a test JVM may host several processes' worth of nodes).
 */
public final class ProcessMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final DhtObserver observer;
    private final PortMetrics ports;
    private final RuntimeFlags flags;
    private final io.prometheus.metrics.core.metrics.Counter guardTrips;
    private final java.util.concurrent.atomic.AtomicReference<Supplier<Integer>> activeJoins =
            new java.util.concurrent.atomic.AtomicReference<>(() -> 0);
    private final java.util.concurrent.atomic.AtomicReference<Supplier<java.util.Map<String, Integer>>> portsInUse =
            new java.util.concurrent.atomic.AtomicReference<>(() -> java.util.Map.of("default", 0)); // none held yet

    public ProcessMetrics(String role, Settings settings, Supplier<List<DhtNode>> nodes) {
        this.observer = new DhtMetrics(registry).observer(role);
        this.ports = new PortMetrics(registry);
        this.flags = new RuntimeFlags(settings, registry);
        this.guardTrips = io.cqkd.app.admin.PhaseGuard.tripsCounter(registry);
        NodeGauges.register(registry, role, nodes);
        FeatureGauges.register(registry, flags);
        io.prometheus.metrics.core.metrics.GaugeWithCallback.builder().name("cqkd_ports_in_use")
                .help("UDP ports held by this process's nodes, by the region whose slice they are in")
                .labelNames("region")
                .callback(cb -> portsInUse.get().get().forEach((region, n) -> cb.call(n, region)))
                .register(registry);
        io.prometheus.metrics.core.metrics.GaugeWithCallback.builder().name("cqkd_bootstrap_active_joins")
                .help("Joins a bootstrap node has admitted and still counts against MAX_CONNECTIONS (its load)")
                .labelNames("role").callback(cb -> cb.call(activeJoins.get().get(), role)).register(registry);
    }

    public io.prometheus.metrics.core.metrics.Counter guardTrips() {
        return guardTrips;
    }

    /** Where the active-joins gauge of a bootstrap node reads from. */
    public void bootstrapActiveJoins(Supplier<Integer> source) {
        activeJoins.set(source);
    }

    /** Where the ports-in-use gauge reads from, once the port registry exists. */
    public void portsInUse(Supplier<java.util.Map<String, Integer>> source) {
        portsInUse.set(source);
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

    public PortMetrics ports() {
        return ports;
    }
}
