package io.cqkd.phases.adaptive;

import io.cqkd.settings.KademliaTable;
import io.cqkd.settings.SettingNames;
import io.cqkd.settings.Settings;
import java.time.Duration;

/**
 * Phase 3's settings.
 *
 * @param policy {@code adaptive} or {@code table} ({@code KADEMLIA_POLICY})
 * @param table the plan's table by network size ({@code KADEMLIA_TABLE})
 * @param minTimeout shortest call timeout ({@code KADEMLIA_MIN_TIMEOUT}): below it, a peer's ordinary
 *     hiccup (a garbage collection, a busy loop) would count as its death
 * @param maxTimeout longest call timeout ({@code KADEMLIA_MAX_TIMEOUT}): how long the slowest peer
 *     may keep a call waiting before it is accused
 */
public record AdaptiveParameters(String policy, KademliaTable table, Duration minTimeout, Duration maxTimeout) {
    public static AdaptiveParameters of(Settings settings) {
        return new AdaptiveParameters(settings.get(SettingNames.KADEMLIA_POLICY), settings.get(SettingNames.KADEMLIA_TABLE),
                settings.get(SettingNames.KADEMLIA_MIN_TIMEOUT), settings.get(SettingNames.KADEMLIA_MAX_TIMEOUT));
    }

    public static AdaptiveParameters defaults() {
        return of(Settings.defaults());
    }

    public AdaptiveParameters withPolicy(String value) {
        return new AdaptiveParameters(value, table, minTimeout, maxTimeout);
    }
}
