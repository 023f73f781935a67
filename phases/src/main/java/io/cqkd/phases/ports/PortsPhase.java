package io.cqkd.phases.ports;

import io.cqkd.dht.DhtNode;
import io.cqkd.phases.GuardRule;
import io.cqkd.phases.PhaseModule;
import io.cqkd.phases.ProcessContext;
import io.cqkd.settings.Feature;
import io.cqkd.settings.SettingNames;
import io.cqkd.settings.Settings;
import io.cqkd.transport.Binder;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

/**
 * Phase 1 as a module: every node of the process binds through the {@link PortRegistry} — its
 * preferred port {@code 7000 + WORKER_ID - 1 + index}, else a free one of its region's slice of
 * {@code PORT_RANGE} — while {@code ENABLE_DYNAMIC_PORTS} is on; the static
 * {@code FALLBACK_STATIC_PORT} (or {@code DHT_PORT}) when it is off, read at each allocation so that
 * a run-time flip applies to the next node. Metrics: allocations by outcome and their latency, ports
 * in use by region. Guard: the share of failed allocations above
 * {@code PORTS_GUARD_MAX_FAILURE_RATE} for a whole {@code GUARD_WINDOW}.
 */
public final class PortsPhase implements PhaseModule {
    private final ProcessContext context;
    private final String region;
    private final PortMetrics metrics;
    private final PortRegistry registry;

    public PortsPhase(ProcessContext context) {
        this.context = context;
        Settings settings = context.settings();
        this.region = settings.get(SettingNames.REGION);
        this.metrics = new PortMetrics(context.registry());
        metrics.initRegion(region);
        Integer explicitPort = settings.get(SettingNames.DHT_PORT);
        int[] range = settings.get(SettingNames.PORT_RANGE);
        this.registry = new PortRegistry(context.transport(), new InetSocketAddress(0).getAddress(),
                new PortPlan(range[0], range[1], settings.get(SettingNames.REGIONS)),
                () -> context.flags().active(Feature.DYNAMIC_PORTS),
                explicitPort != null ? explicitPort : settings.get(SettingNames.FALLBACK_STATIC_PORT), metrics);
        GaugeWithCallback.builder().name("cqkd_ports_in_use")
                .help("UDP ports held by this process's nodes, by the region whose slice they are in")
                .labelNames("region")
                .callback(cb -> {
                    Map<String, Integer> inUse = registry.inUseByRegion();
                    if (inUse.isEmpty()) {
                        cb.call(0, region); // none held yet: the series exists at zero
                    }
                    inUse.forEach((r, n) -> cb.call(n, r));
                })
                .register(context.registry());
    }

    @Override
    public Feature feature() {
        return Feature.DYNAMIC_PORTS;
    }

    @Override
    public Optional<GuardRule> guard() {
        return Optional.of(new GuardRule("port allocation failure rate", metrics::failureRateSinceLastCall,
                context.settings().get(SettingNames.PORTS_GUARD_MAX_FAILURE_RATE)));
    }

    @Override
    public Optional<Binder> binder(int index) {
        return Optional.of(registry.binder(context.settings().effectivePort() + index, region));
    }

    @Override
    public void nodeStopped(DhtNode node) {
        registry.release(node.address().getPort());
    }
}
