package io.cqkd.phases;

import io.cqkd.settings.Settings;
import io.cqkd.transport.Transport;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.random.RandomGenerator;

/**
 * What a phase module may use of the process it runs in.
 *
 * @param role what the process's nodes are
 * @param settings the process's settings
 * @param flags the feature flags in force (flippable at run time)
 * @param registry the process's metrics, where the phase registers its own
 * @param transport where the process's nodes bind their sockets
 * @param random seeds for the phase's randomness (jitter, choices)
 */
public record ProcessContext(ProcessRole role, Settings settings, RuntimeFlags flags, PrometheusRegistry registry,
                             Transport transport, RandomGenerator random) {}
