package io.cqkd.phases;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.settings.Feature;
import io.cqkd.settings.Settings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

class PhaseGuardTest {
    private long now;
    private double health;

    @Test
    void aHealthMetricAboveItsThresholdForTheWholeWindowRollsThePhaseBack() {
        PrometheusRegistry registry = new PrometheusRegistry();
        RuntimeFlags flags = new RuntimeFlags(Settings.defaults(), registry);
        PhaseGuard guard = new PhaseGuard(Feature.DYNAMIC_PORTS, "port allocation failure rate", () -> health, 0.5,
                60_000_000_000L, () -> now, flags, PhaseGuard.tripsCounter(registry));
        health = 0.9;
        assertThat(guard.check()).isFalse();
        now += 30_000_000_000L;
        health = 0.1; // a dip below the threshold restarts the window
        assertThat(guard.check()).isFalse();
        health = 0.9;
        now += 1;
        assertThat(guard.check()).isFalse();
        now += 59_000_000_000L;
        assertThat(guard.check()).as("not yet a whole window").isFalse();
        assertThat(flags.active(Feature.DYNAMIC_PORTS)).isTrue();
        now += 1_000_000_000L;
        assertThat(guard.check()).isTrue();
        assertThat(flags.enabled(Feature.DYNAMIC_PORTS)).isFalse();
        assertThat(guard.check()).as("a phase already rolled back is left alone").isFalse();
    }
}
