package io.cqkd.phases.bootstrap;

/** The tier of a bootstrap node (phase 2): super nodes serve everyone, regional nodes their region. */
public enum BootstrapTier {
    SUPER, REGIONAL;

    public static BootstrapTier of(String level) {
        return level.equals("regional") ? REGIONAL : SUPER;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
