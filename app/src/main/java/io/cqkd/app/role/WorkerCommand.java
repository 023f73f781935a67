package io.cqkd.app.role;

import io.cqkd.phases.ProcessRole;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cqkd worker [--count N]}: runs N worker nodes (one UDP port each) until SIGTERM. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run worker nodes until SIGTERM; --count N runs N of them in this process, one port each.")
public final class WorkerCommand extends RoleCommand {
    @Option(names = "--count", defaultValue = "1", description = "Worker nodes in this process (default: ${DEFAULT-VALUE}).")
    int count;

    @Override
    protected ProcessRole role() {
        return ProcessRole.WORKER;
    }

    @Override
    protected int count() {
        if (count < 1 || count > 10_000) {
            throw new IllegalArgumentException("--count must be in [1, 10000], got " + count);
        }
        return count;
    }
}
