package io.cqkd.app.config;

import io.cqkd.settings.Setting;
import io.cqkd.settings.SettingNames;
import io.cqkd.settings.Settings;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Adds one command-line flag per setting (the environment variable's name in kebab case) to a
 * command, and loads the {@link Settings} from the environment and those flags.
 */
public final class SettingsFlags {
    private SettingsFlags() {}

    public static void addTo(CommandSpec spec) {
        for (Setting<?> setting : SettingNames.ALL) {
            spec.addOption(OptionSpec.builder(setting.flag())
                    .paramLabel("VALUE")
                    .type(String.class)
                    .description(setting.description() + " (env " + setting.env()
                            + (setting.defaultText().isEmpty() ? "" : ", default " + setting.defaultText()) + ")")
                    .build());
        }
    }

    /** Flags win over the environment, which wins over the defaults. */
    public static Settings load(Map<String, String> env, ParseResult parsed) {
        Map<String, String> flags = new HashMap<>();
        for (Setting<?> setting : SettingNames.ALL) {
            String value = parsed.matchedOptionValue(setting.flag(), null);
            if (value != null) {
                flags.put(setting.env(), value);
            }
        }
        return Settings.load(env, flags);
    }
}
