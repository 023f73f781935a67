package io.cqkd.phases;

import io.cqkd.settings.Feature;
import io.prometheus.metrics.core.metrics.Counter;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The automatic rollback of one phase: when the phase's health metric stays above its threshold for
 * a whole window, the phase's flag is turned off (its fallback runs), {@code cqkd_guard_trips_total}
 * counts it and a log line says why. Checked by the process's maintenance thread through
 * {@link #check()}; time comes from the injected clock, so tests drive it without sleeping.
 */
public final class PhaseGuard {
    private static final Logger log = LoggerFactory.getLogger(PhaseGuard.class);

    private final Feature feature;
    private final String metricName;
    private final DoubleSupplier health;
    private final double threshold;
    private final long windowNanos;
    private final LongSupplier clock;
    private final RuntimeFlags flags;
    private final Counter trips;
    private long aboveSinceNanos = -1;

    public PhaseGuard(Feature feature, String metricName, DoubleSupplier health, double threshold, long windowNanos,
                      LongSupplier clock, RuntimeFlags flags, Counter trips) {
        this.feature = feature;
        this.metricName = metricName;
        this.health = health;
        this.threshold = threshold;
        this.windowNanos = windowNanos;
        this.clock = clock;
        this.flags = flags;
        this.trips = trips;
        trips.initLabelValues(String.valueOf(feature.phase()));
    }

    /** Returns true when this check tripped the guard. */
    public synchronized boolean check() {
        if (!flags.active(feature)) {
            aboveSinceNanos = -1;
            return false;
        }
        double value = health.getAsDouble();
        long now = clock.getAsLong();
        if (!(value > threshold)) {
            aboveSinceNanos = -1;
            return false;
        }
        if (aboveSinceNanos < 0) {
            aboveSinceNanos = now;
        }
        if (now - aboveSinceNanos < windowNanos) {
            return false;
        }
        flags.set(feature, false, "guard");
        trips.labelValues(String.valueOf(feature.phase())).inc();
        log.warn("event=guard-tripped phase={} flag={} metric={} value={} threshold={} window_s={} fallback=\"{}\"",
                feature.phase(), feature.flag().env(), metricName, value, threshold, windowNanos / 1_000_000_000L,
                feature.fallback());
        aboveSinceNanos = -1;
        return true;
    }

    /** The counter all guards of a process share. */
    public static Counter tripsCounter(io.prometheus.metrics.model.registry.PrometheusRegistry registry) {
        Counter trips = Counter.builder().name("cqkd_guard_trips_total")
                .help("Automatic rollbacks: a phase's health metric stayed above its threshold for the guard window")
                .labelNames("phase").register(registry);
        for (Feature f : Feature.values()) {
            trips.initLabelValues(String.valueOf(f.phase()));
        }
        return trips;
    }
}
