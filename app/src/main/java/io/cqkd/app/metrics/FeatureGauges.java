package io.cqkd.app.metrics;

import io.cqkd.app.admin.RuntimeFlags;
import io.cqkd.settings.Feature;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * One series per scaling phase: whether its flag is on, and whether its code runs (on and present
 * in this build). The dashboard's phase panels and the rollback checks read these.
 */
public final class FeatureGauges {
    private FeatureGauges() {}

    public static void register(PrometheusRegistry registry, RuntimeFlags flags) {
        GaugeWithCallback.builder().name("cqkd_feature_enabled").help("1 when the phase's flag is on")
                .labelNames("feature", "phase")
                .callback(cb -> {
                    for (Feature f : Feature.values()) {
                        cb.call(flags.enabled(f) ? 1 : 0, f.name().toLowerCase(), String.valueOf(f.phase()));
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("cqkd_feature_active")
                .help("1 when the phase's code runs (flag on and available in this build); 0: its fallback runs")
                .labelNames("feature", "phase")
                .callback(cb -> {
                    for (Feature f : Feature.values()) {
                        cb.call(flags.active(f) ? 1 : 0, f.name().toLowerCase(), String.valueOf(f.phase()));
                    }
                }).register(registry);
    }
}
