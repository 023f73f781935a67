package io.cqkd.phases.ports;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.atomic.AtomicLong;

/** UDP port allocations of this process's nodes (phase 1), by region and outcome. */
public final class PortMetrics implements PortListener {
    private final Counter allocations;
    private final Histogram latency;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private long attemptsSeen;
    private long failuresSeen;

    public PortMetrics(PrometheusRegistry registry) {
        allocations = Counter.builder().name("cqkd_port_allocations_total")
                .help("UDP port allocations by outcome: preferred, fallback, exhausted (dynamic ports);"
                        + " static, static-in-use (the fallback); failed (any other bind error)")
                .labelNames("region", "outcome").register(registry);
        latency = Histogram.builder().name("cqkd_port_allocation_seconds").help("Time one port allocation took")
                .labelNames("region")
                .classicUpperBounds(0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.01, 0.1)
                .classicOnly().register(registry);
    }

    @Override
    public void allocated(String region, AllocationOutcome outcome, long nanos) {
        attempts.incrementAndGet();
        if (outcome == AllocationOutcome.EXHAUSTED || outcome == AllocationOutcome.STATIC_IN_USE) {
            failures.incrementAndGet();
        }
        allocations.labelValues(region, outcome.label()).inc();
        latency.labelValues(region).observe(nanos / 1e9);
    }

    /** The share of allocations that failed since the previous call (0 when there were none): phase 1's health. */
    public synchronized double failureRateSinceLastCall() {
        long a = attempts.get() - attemptsSeen;
        long f = failures.get() - failuresSeen;
        attemptsSeen += a;
        failuresSeen += f;
        return a == 0 ? 0 : (double) f / a;
    }

    /** Makes the outcomes of {@code region} visible at zero before the first allocation. */
    public void initRegion(String region) {
        for (AllocationOutcome outcome : AllocationOutcome.values()) {
            allocations.initLabelValues(region, outcome.label());
        }
        allocations.initLabelValues(region, "failed");
        latency.initLabelValues(region);
    }
}
