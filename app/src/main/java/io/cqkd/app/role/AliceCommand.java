package io.cqkd.app.role;

import picocli.CommandLine.Command;

/**
 * {@code cqkd alice}: runs alice's DHT node until SIGTERM. Key generation (issue 5) will run on it; until
 * then it is a DHT node labelled alice in the metrics.
 */
@Command(name = "alice", mixinStandardHelpOptions = true,
        description = "Run one alice node until SIGTERM (settings from environment variables and flags).")
public final class AliceCommand extends RoleCommand {
    @Override
    protected String role() {
        return "alice";
    }
}
