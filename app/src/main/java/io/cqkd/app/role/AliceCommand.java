package io.cqkd.app.role;

import io.cqkd.phases.ProcessRole;
import picocli.CommandLine.Command;

/**
 * {@code cqkd alice}: runs Alice's DHT node until SIGTERM; she generates keys with Bob
 * ({@code BOB_NODE}) through the key API on {@code ALICE_API_PORT}.
 */
@Command(name = "alice", mixinStandardHelpOptions = true,
        description = "Run one alice node until SIGTERM (settings from environment variables and flags).")
public final class AliceCommand extends RoleCommand {
    @Override
    protected ProcessRole role() {
        return ProcessRole.ALICE;
    }
}
