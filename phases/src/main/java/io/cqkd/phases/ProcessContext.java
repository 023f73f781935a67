package io.cqkd.phases;

import io.cqkd.settings.Settings;
import io.cqkd.transport.Transport;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.LongSupplier;
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
 * @param clock monotonic nanoseconds for what runs off the nodes' loops (the guards): System::nanoTime
 *     in a process, a hand-driven clock in tests
 */
public record ProcessContext(ProcessRole role, Settings settings, RuntimeFlags flags, PrometheusRegistry registry,
                             Transport transport, RandomGenerator random, LongSupplier clock) {}
