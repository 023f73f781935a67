package io.cqkd.settings;

/**
 * The scaling plan's features, each behind its flag with a fallback. A feature whose code has not
 * landed yet is accepted when enabled but reported as not available, and the fallback runs.
 */
public enum Feature {
    DYNAMIC_PORTS(1, SettingNames.ENABLE_DYNAMIC_PORTS, true, "static port FALLBACK_STATIC_PORT"),
    MULTI_LEVEL_BOOTSTRAP(2, SettingNames.ENABLE_MULTI_LEVEL_BOOTSTRAP, true, "flat join through the list (FALLBACK_BOOTSTRAP_NODES when BOOTSTRAP_NODES is unset)"),
    ADAPTIVE_KADEMLIA(3, SettingNames.ENABLE_ADAPTIVE_KADEMLIA, false, "FALLBACK_ALPHA, FALLBACK_K, FALLBACK_TIMEOUT"),
    HEALTH_CHECK(4, SettingNames.ENABLE_HEALTH_CHECK, false, "no health checks"),
    ADAPTIVE_REFRESH(5, SettingNames.ENABLE_ADAPTIVE_REFRESH, false, "fixed FALLBACK_REFRESH_INTERVAL");

    private final int phase;
    private final Setting<Boolean> flag;
    private final boolean implemented;
    private final String fallback;

    Feature(int phase, Setting<Boolean> flag, boolean implemented, String fallback) {
        this.phase = phase;
        this.flag = flag;
        this.implemented = implemented;
        this.fallback = fallback;
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
