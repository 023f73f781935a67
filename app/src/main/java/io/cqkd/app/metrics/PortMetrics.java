package io.cqkd.app.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** UDP port allocations of this process's nodes, by region and outcome. */
public final class PortMetrics {
    private final Counter allocations;

    public PortMetrics(PrometheusRegistry registry) {
        allocations = Counter.builder().name("cqkd_port_allocations_total")
                .help("UDP port allocations by outcome: static (the fixed port), preferred, fallback, exhausted, failed")
                .labelNames("region", "outcome").register(registry);
    }

    /** Makes the outcomes of {@code region} visible at zero before the first allocation. */
    public void initRegion(String region) {
        for (String outcome : new String[] {"static", "preferred", "fallback", "exhausted", "failed"}) {
            allocations.initLabelValues(region, outcome);
        }
    }

    public void allocated(String region, String outcome) {
        allocations.labelValues(region, outcome).inc();
    }
}
