package io.cqkd.app.role;

import io.cqkd.phases.ProcessRole;
import picocli.CommandLine.Command;

/** {@code cqkd bob}: runs Bob's DHT node until SIGTERM; he measures what Alice sends him. */
@Command(name = "bob", mixinStandardHelpOptions = true,
        description = "Run one bob node until SIGTERM (settings from environment variables and flags).")
public final class BobCommand extends RoleCommand {
    @Override
    protected ProcessRole role() {
        return ProcessRole.BOB;
    }
}
