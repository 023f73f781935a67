package io.cqkd.phases.health;

import java.util.Locale;

/**
 * How deep a health check goes; each level includes the ones before it. {@code FAST}: the peer
 * answers a ping under its own id. {@code MEDIUM}: also a well-formed {@code find_node} answer that
 * makes progress toward the target, and a well-formed BEP 44 {@code get}. {@code DEEP}: also a BEP
 * 44 {@code put} it gives back, an {@code announce_peer} its {@code get_peers} returns, and the id it
 * answers with is the one another node reports for its address.
 */
public enum HealthLevel {
    FAST, MEDIUM, DEEP;

    /** Whether a check at this level runs the steps of {@code other}. */
    public boolean includes(HealthLevel other) {
        return ordinal() >= other.ordinal();
    }

    /** The level a setting names ({@code fast}, {@code medium}, {@code deep}). */
    public static HealthLevel of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
