package io.cqkd.app.role;

import io.cqkd.phases.ProcessRole;
import picocli.CommandLine.Command;

/**
 * {@code cqkd bootstrap}: runs one bootstrap node until SIGTERM; with an empty BOOTSTRAP_NODES it
 * starts a new network.
 */
@Command(name = "bootstrap", mixinStandardHelpOptions = true,
        description = "Run one bootstrap node until SIGTERM (settings from environment variables and flags).")
public final class BootstrapCommand extends RoleCommand {
    @Override
    protected ProcessRole role() {
        return ProcessRole.BOOTSTRAP;
    }
}
