package io.cqkd.phases;

import io.cqkd.settings.Feature;
import io.cqkd.settings.Settings;
import io.cqkd.settings.Source;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature flags in force in a running process: they start from the settings and can be flipped
 * through the admin endpoint. Every flip, and every flag set away from its default at start-up
 * (a restart-based rollback), is logged and counted in {@code cqkd_flag_flips_total}.
 */
public final class RuntimeFlags {
    private static final Logger log = LoggerFactory.getLogger(RuntimeFlags.class);

    private final Map<Feature, Boolean> enabled = new EnumMap<>(Feature.class);
    private final Counter flips;
    private final List<BiConsumer<Feature, Boolean>> listeners = new CopyOnWriteArrayList<>();

    public RuntimeFlags(Settings settings, PrometheusRegistry registry) {
        flips = Counter.builder().name("cqkd_flag_flips_total")
                .help("Feature flags set away from their default: at start-up (via=restart) or at run time (via=admin)")
                .labelNames("flag", "via").register(registry);
        for (Feature f : Feature.values()) {
            flips.initLabelValues(f.flag().env(), "restart");
            flips.initLabelValues(f.flag().env(), "admin");
            enabled.put(f, settings.enabled(f));
            if (settings.sourceOf(f.flag()) != Source.DEFAULT
                    && !settings.textOf(f.flag()).equalsIgnoreCase(f.flag().defaultText())) {
                flips.labelValues(f.flag().env(), "restart").inc();
                log.info("event=flag-set flag={} value={} via=restart source={}", f.flag().env(), settings.enabled(f),
                        settings.sourceOf(f.flag()).label());
            }
        }
    }

    public synchronized boolean enabled(Feature feature) {
        return enabled.get(feature);
    }

    /** Whether the feature's code runs: flag on and code present in this build. */
    public synchronized boolean active(Feature feature) {
        return enabled.get(feature) && feature.implemented();
    }

    /**
     * Flips a flag at run time; returns the previous value. The listeners hear a real change (with
     * whether the feature is now active), outside this object's lock.
     */
    public boolean set(Feature feature, boolean value, String via) {
        boolean previous;
        boolean active;
        synchronized (this) {
            previous = enabled.put(feature, value);
            active = active(feature);
            if (previous != value) {
                flips.labelValues(feature.flag().env(), via).inc();
            }
        }
        log.info("event=flag-flipped flag={} from={} to={} via={} active={}", feature.flag().env(), previous, value,
                via, active);
        if (previous != value) {
            listeners.forEach(l -> l.accept(feature, active));
        }
        return previous;
    }

    /** Calls {@code listener} with the feature and whether it is now active, at every run-time flip. */
    public void onFlip(BiConsumer<Feature, Boolean> listener) {
        listeners.add(listener);
    }

    public synchronized Map<Feature, Boolean> snapshot() {
        return new EnumMap<>(enabled);
    }
}
