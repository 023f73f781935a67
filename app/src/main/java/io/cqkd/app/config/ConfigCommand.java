package io.cqkd.app.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqkd.app.admin.AdminToken;
import io.cqkd.app.role.NetworkSeal;
import io.cqkd.phases.Phases;
import io.cqkd.settings.Feature;
import io.cqkd.settings.Setting;
import io.cqkd.settings.SettingNames;
import io.cqkd.settings.Settings;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cqkd config --print}: the effective configuration and where each value came from. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Validate the settings (environment variables and flags) and print the effective configuration.")
public final class ConfigCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--print", description = "Print every setting with its value and source, the features and what is in force.")
    boolean print;

    @Option(names = "--json", description = "With --print: one JSON object.")
    boolean json;

    private Map<String, String> environment = System.getenv();

    /** For tests: read this environment instead of the process's. */
    public ConfigCommand withEnvironment(Map<String, String> env) {
        this.environment = env;
        return this;
    }

    @Override
    public Integer call() throws Exception {
        Settings settings = SettingsFlags.load(environment, spec.commandLine().getParseResult());
        Phases.checkSettings(settings);
        AdminToken.checkBind(settings);
        NetworkSeal.check(settings);
        if (!print) {
            spec.commandLine().getOut().println("settings OK (use --print to see them)");
            spec.commandLine().getOut().flush();
            return 0;
        }
        if (json) {
            spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(asMap(settings)));
        } else {
            spec.commandLine().getOut().print(asText(settings));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    static String asText(Settings settings) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-30s %-34s %s%n", "SETTING", "VALUE", "SOURCE"));
        settings.texts().forEach((setting, text) -> out.append(String.format("%-30s %-34s %s%s%n", setting.env(),
                text.isEmpty() ? "(unset)" : shown(setting, text), settings.sourceOf(setting).label(), unreadNote(setting))));
        out.append(String.format("%nFEATURES%n"));
        for (Feature f : Feature.values()) {
            out.append(String.format("phase %d %-22s %s%n", f.phase(), f.name(), featureState(settings, f)));
        }
        out.append(String.format("%nIN FORCE%n"));
        effective(settings).forEach((k, v) -> out.append(String.format("%-20s %s%n", k, v)));
        return out.toString();
    }

    /** The value as printed: a secret is never shown, only that it is set. */
    static String shown(Setting<?> setting, String text) {
        boolean secret = setting == SettingNames.ADMIN_TOKEN || setting == SettingNames.NETWORK_KEY
                || setting == SettingNames.NETWORK_KEYS_ACCEPTED;
        return secret && !text.isEmpty() ? "(set, not shown)" : text;
    }

    /** For a setting that nothing in this build reads: why, after the source. */
    static String unreadNote(Setting<?> setting) {
        return Feature.leavingUnread(setting).map(f -> "; NOT READ: phase " + f.phase() + " (" + f.name()
                + ") is not in this build").orElse("");
    }

    static String featureState(Settings settings, Feature f) {
        String flag = f.flag().env() + "=" + settings.textOf(f.flag()) + " (" + settings.sourceOf(f.flag()).label() + ")";
        if (!settings.enabled(f)) {
            return "off by " + flag + "; running the fallback: " + f.fallback();
        }
        if (!f.implemented()) {
            return "enabled by " + flag + " but not available in this build; running the fallback: " + f.fallback();
        }
        return "active (" + flag + ")";
    }

    static Map<String, Object> effective(Settings settings) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("port", settings.effectivePort());
        out.put("bootstrapNodes", settings.effectiveBootstrapNodes().stream().map(ConfigCommand::hostPort)
                .collect(Collectors.joining(",")));
        out.put("alpha", settings.effectiveAlpha());
        out.put("k", settings.effectiveK());
        out.put("rpcTimeoutSeconds", settings.effectiveRpcTimeout().toMillis() / 1000.0);
        out.put("refreshIntervalSeconds", settings.effectiveRefreshInterval().toSeconds());
        return out;
    }

    static Map<String, Object> asMap(Settings settings) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> all = new LinkedHashMap<>();
        settings.texts().forEach((Setting<?> setting, String text) -> all.put(setting.env(),
                Map.of("value", shown(setting, text), "source", settings.sourceOf(setting).label(),
                        "read", Feature.leavingUnread(setting).isEmpty())));
        out.put("settings", all);
        Map<String, Object> features = new LinkedHashMap<>();
        for (Feature f : Feature.values()) {
            features.put(f.name(), Map.of("phase", f.phase(), "enabled", settings.enabled(f),
                    "available", f.implemented(), "active", settings.active(f), "fallback", f.fallback()));
        }
        out.put("features", features);
        out.put("effective", effective(settings));
        return out;
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }
}
