package io.cqkd.settings;

import java.util.List;
import java.util.Optional;

/**
 * The scaling plan's features, each behind its flag with a fallback. A feature whose code has not
 * landed yet is accepted when enabled but reported as not available, and the fallback runs; the
 * settings only its code would read are then reported as not read.
 */
public enum Feature {
    DYNAMIC_PORTS(1, SettingNames.ENABLE_DYNAMIC_PORTS, true, "static port FALLBACK_STATIC_PORT"),
    MULTI_LEVEL_BOOTSTRAP(2, SettingNames.ENABLE_MULTI_LEVEL_BOOTSTRAP, true, "flat join through the list (FALLBACK_BOOTSTRAP_NODES when BOOTSTRAP_NODES is unset)"),
    ADAPTIVE_KADEMLIA(3, SettingNames.ENABLE_ADAPTIVE_KADEMLIA, true, "FALLBACK_ALPHA, FALLBACK_K, FALLBACK_TIMEOUT",
            SettingNames.KADEMLIA_POLICY, SettingNames.KADEMLIA_TABLE, SettingNames.KADEMLIA_MIN_TIMEOUT,
            SettingNames.KADEMLIA_MAX_TIMEOUT, SettingNames.ADAPTIVE_GUARD_MIN_LOOKUP_SUCCESS),
    HEALTH_CHECK(4, SettingNames.ENABLE_HEALTH_CHECK, true, "no health checks: BEP 5 liveness, random-walk discovery",
            SettingNames.HEALTH_CHECK_LEVEL, SettingNames.HEALTH_CHECK_TIMEOUT_FAST, SettingNames.HEALTH_CHECK_TIMEOUT_MEDIUM,
            SettingNames.HEALTH_CHECK_TIMEOUT_DEEP, SettingNames.HEALTH_CHECK_INTERVAL_FAST,
            SettingNames.HEALTH_CHECK_INTERVAL_MEDIUM, SettingNames.HEALTH_CHECK_INTERVAL_DEEP,
            SettingNames.HEALTH_CHECK_CONCURRENCY, SettingNames.HEALTH_SUSPICION_MIN, SettingNames.HEALTH_SUSPICION_MAX,
            SettingNames.HEALTH_INDIRECT_PROBES, SettingNames.HEALTH_GUARD_MAX_DEATH_SHARE,
            SettingNames.HEALTH_PROCESS_RATE),
    ADAPTIVE_REFRESH(5, SettingNames.ENABLE_ADAPTIVE_REFRESH, true, "fixed FALLBACK_REFRESH_INTERVAL, no saved table",
            SettingNames.REFRESH_INTERVAL, SettingNames.REFRESH_MEDIUM_NETWORK, SettingNames.REFRESH_INTERVAL_MEDIUM,
            SettingNames.REFRESH_LARGE_NETWORK, SettingNames.REFRESH_INTERVAL_LARGE, SettingNames.REFRESH_UNSTABLE_BELOW,
            SettingNames.REFRESH_INTERVAL_MIN, SettingNames.REFRESH_INTERVAL_MAX, SettingNames.REFRESH_TARGET_SUCCESS,
            SettingNames.REFRESH_MAX_OVERHEAD, SettingNames.DATA_DIR);

    private final int phase;
    private final Setting<Boolean> flag;
    private final boolean implemented;
    private final String fallback;
    private final List<Setting<?>> ownSettings;

    Feature(int phase, Setting<Boolean> flag, boolean implemented, String fallback, Setting<?>... ownSettings) {
        this.phase = phase;
        this.flag = flag;
        this.implemented = implemented;
        this.fallback = fallback;
        this.ownSettings = List.of(ownSettings);
    }

    /** Settings that only the feature's own code reads (not its flag, not its fallback's values). */
    public List<Setting<?>> ownSettings() {
        return ownSettings;
    }

    /** The feature whose missing code leaves {@code setting} unread, if there is one. */
    public static Optional<Feature> leavingUnread(Setting<?> setting) {
        for (Feature f : values()) {
            if (!f.implemented && f.ownSettings.contains(setting)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public int phase() {
        return phase;
    }

    public Setting<Boolean> flag() {
        return flag;
    }

    /** Whether this build contains the feature's code. */
    public boolean implemented() {
        return implemented;
    }

    /** What runs when the feature is off or not available. */
    public String fallback() {
        return fallback;
    }
}
