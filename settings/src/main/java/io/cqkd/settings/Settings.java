package io.cqkd.settings;

import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.rpc.FixedCallTiming;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one immutable configuration of a process: defaults, then environment variables, then
 * command-line flags (flags win). Every value is validated when loaded, so a bad one stops start-up
 * before anything binds. The {@code effective*} methods give what is in force once the feature
 * flags and their fallbacks are applied: a rollback is flipping a flag and restarting.
 */
public final class Settings {
    private final Map<Setting<?>, Object> values;
    private final Map<Setting<?>, Source> sources;
    private final Map<Setting<?>, String> texts;

    private Settings(Map<Setting<?>, Object> values, Map<Setting<?>, Source> sources, Map<Setting<?>, String> texts) {
        this.values = Map.copyOf(values);
        this.sources = Map.copyOf(sources);
        this.texts = Map.copyOf(texts);
    }

    /**
     * Loads the settings. {@code env} is the process environment (or a test's); {@code flags} maps
     * environment variable names to the text given by the matching command-line flag.
     *
     * @throws InvalidSettingException for the first value that is not allowed
     */
    public static Settings load(Map<String, String> env, Map<String, String> flags) {
        Map<Setting<?>, Object> values = new HashMap<>();
        Map<Setting<?>, Source> sources = new HashMap<>();
        Map<Setting<?>, String> texts = new HashMap<>();
        for (Setting<?> setting : SettingNames.ALL) {
            String text = setting.defaultText();
            Source source = Source.DEFAULT;
            if (env.containsKey(setting.env())) {
                text = env.get(setting.env());
                source = Source.ENVIRONMENT;
            }
            if (flags.containsKey(setting.env())) {
                text = flags.get(setting.env());
                source = Source.FLAG;
            }
            texts.put(setting, text);
            sources.put(setting, source);
            if (text.isEmpty() && source == Source.DEFAULT) {
                Object empty = setting.parser().parse(text); // an empty list, or unset (DHT_PORT)
                if (empty != null) {
                    values.put(setting, empty);
                }
            } else {
                values.put(setting, setting.parse(text));
            }
        }
        return new Settings(values, sources, texts);
    }

    public static Settings defaults() {
        return load(Map.of(), Map.of());
    }

    /** The value, or null for an optional setting left unset (DHT_PORT). */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    public Source sourceOf(Setting<?> setting) {
        return sources.get(setting);
    }

    /** The text the value was read from. */
    public String textOf(Setting<?> setting) {
        return texts.get(setting);
    }

    public boolean enabled(Feature feature) {
        return get(feature.flag());
    }

    /** Enabled by its flag and present in this build: only then does the feature run. */
    public boolean active(Feature feature) {
        return enabled(feature) && feature.implemented();
    }

    // ---- what is in force -----------------------------------------------------------------------

    /**
     * The UDP port a node asks for: DHT_PORT when set; else, with dynamic ports, its preferred port
     * 7000 + WORKER_ID - 1 (from the start of PORT_RANGE; a taken one falls back to another free
     * port); else the static FALLBACK_STATIC_PORT.
     */
    public int effectivePort() {
        Integer explicit = get(SettingNames.DHT_PORT);
        if (explicit != null) {
            return explicit;
        }
        if (active(Feature.DYNAMIC_PORTS)) {
            return get(SettingNames.PORT_RANGE)[0] + get(SettingNames.WORKER_ID) - 1;
        }
        return get(SettingNames.FALLBACK_STATIC_PORT);
    }

    /** The bootstrap list: BOOTSTRAP_NODES when set, else the flat FALLBACK_BOOTSTRAP_NODES. */
    public List<InetSocketAddress> effectiveBootstrapNodes() {
        List<InetSocketAddress> explicit = get(SettingNames.BOOTSTRAP_NODES);
        return sourceOf(SettingNames.BOOTSTRAP_NODES) != Source.DEFAULT ? explicit
                : get(SettingNames.FALLBACK_BOOTSTRAP_NODES);
    }

    public int effectiveAlpha() {
        return get(SettingNames.FALLBACK_ALPHA);
    }

    public int effectiveK() {
        return get(SettingNames.FALLBACK_K);
    }

    public Duration effectiveRpcTimeout() {
        return get(SettingNames.FALLBACK_TIMEOUT);
    }

    public Duration effectiveRefreshInterval() {
        return get(SettingNames.FALLBACK_REFRESH_INTERVAL);
    }

    /** The DHT tunables in force. */
    public DhtConfig effectiveDhtConfig() {
        Duration timeout = effectiveRpcTimeout();
        Duration stall = FixedCallTiming.stallFor(timeout);
        return DhtConfig.defaults().toBuilder()
                .k(effectiveK())
                .alpha(effectiveAlpha())
                .rpcTimeout(timeout)
                .lookupStallTimeout(stall)
                .bucketRefreshInterval(effectiveRefreshInterval())
                .queriesPerSource(get(SettingNames.QUERIES_PER_SOURCE))
                .ipDiversity(get(SettingNames.IP_DIVERSITY))
                .build();
    }

    /** Each setting's text and source, in catalogue order (for `config --print`). */
    public Map<Setting<?>, String> texts() {
        Map<Setting<?>, String> out = new LinkedHashMap<>();
        for (Setting<?> s : SettingNames.ALL) {
            out.put(s, texts.get(s));
        }
        return out;
    }
}
