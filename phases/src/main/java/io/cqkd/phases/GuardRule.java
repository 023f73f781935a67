package io.cqkd.phases;

import java.util.function.DoubleSupplier;

/**
 * When a phase must roll itself back: its health metric above a threshold for a whole guard window.
 *
 * @param metricName what the health value is, for the log line when the guard trips
 * @param health read once a second; above {@code threshold} means unhealthy
 * @param threshold the largest healthy value
 */
public record GuardRule(String metricName, DoubleSupplier health, double threshold) {}
