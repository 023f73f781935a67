package io.cqkd.app.role;

import picocli.CommandLine.Command;

/**
 * {@code cqkd bob}: runs bob's DHT node until SIGTERM. Key generation (issue 5) will run on it; until
 * then it is a DHT node labelled bob in the metrics.
 */
@Command(name = "bob", mixinStandardHelpOptions = true,
        description = "Run one bob node until SIGTERM (settings from environment variables and flags).")
public final class BobCommand extends RoleCommand {
    @Override
    protected String role() {
        return "bob";
    }
}
