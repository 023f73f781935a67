package io.cqkd.app.role;

import io.cqkd.app.config.SettingsFlags;
import io.cqkd.phases.ProcessRole;
import io.cqkd.settings.Settings;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** What the four role commands share: the settings flags, the environment, and the runner. */
public abstract class RoleCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Map<String, String> environment = System.getenv();

    /** For tests: read this environment instead of the process's. */
    public RoleCommand withEnvironment(Map<String, String> env) {
        this.environment = env;
        return this;
    }

    protected abstract ProcessRole role();

    protected int count() {
        return 1;
    }

    @Override
    public Integer call() throws Exception {
        Settings settings = SettingsFlags.load(environment, spec.commandLine().getParseResult());
        LogFormat.apply(settings.get(io.cqkd.settings.SettingNames.LOG_FORMAT));
        return new RoleProcess(role(), settings, count()).runUntilTerminated();
    }
}
