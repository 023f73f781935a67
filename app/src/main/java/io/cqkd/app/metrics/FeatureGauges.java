package io.cqkd.app.metrics;

import io.cqkd.phases.RuntimeFlags;
import io.cqkd.settings.Feature;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Three series per scaling phase: whether its flag is on, whether this build has its code, and
 * whether its code runs (both). A phase whose flag is on but whose code is not in the build shows
 * enabled 1, available 0, active 0: its fallback runs. The dashboard's phase panels and the rollback
 * checks read these.
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
        GaugeWithCallback.builder().name("cqkd_feature_available")
                .help("1 when this build contains the phase's code; 0: only its fallback exists")
                .labelNames("feature", "phase")
                .callback(cb -> {
                    for (Feature f : Feature.values()) {
                        cb.call(f.implemented() ? 1 : 0, f.name().toLowerCase(), String.valueOf(f.phase()));
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
