package io.cqkd.app.scale;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cqkd scale-test <scenario>}: builds a network, measures it, prints figures. */
@Command(name = "scale-test", mixinStandardHelpOptions = true,
        description = "Build a network of many nodes in one JVM and measure it.",
        subcommands = {LookupScenario.class, BootstrapScenario.class, PortsScenario.class, TiersScenario.class,
                AdaptiveScenario.class, HealthScenario.class, RefreshScenario.class})
public final class ScaleTestCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
