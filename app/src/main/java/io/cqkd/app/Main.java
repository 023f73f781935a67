package io.cqkd.app;

import io.cqkd.app.config.ConfigCommand;
import io.cqkd.app.config.SettingsFlags;
import io.cqkd.app.report.ReportCommand;
import io.cqkd.app.role.AliceCommand;
import io.cqkd.app.role.BobCommand;
import io.cqkd.app.role.BootstrapCommand;
import io.cqkd.app.role.IdentityCommand;
import io.cqkd.app.role.RoleCommand;
import io.cqkd.app.role.WorkerCommand;
import io.cqkd.app.scale.ScaleTestCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cqkd} command line: one subcommand per class. */
@Command(name = "cqkd", mixinStandardHelpOptions = true, version = "cqkd 0.1.0",
        description = "CQKD-DHT: a Kademlia DHT (BEP 5 / BEP 44 over UDP) for Covert Quantum Key Distribution.",
        subcommands = {BootstrapCommand.class, WorkerCommand.class, AliceCommand.class, BobCommand.class,
                DemoCommand.class, ScaleTestCommand.class, ReportCommand.class, ConfigCommand.class,
                IdentityCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine cli = commandLine();
        int exit = cli.execute(args);
        cli.getOut().flush(); // every command writes to picocli's writers; none may be cut short by the exit
        cli.getErr().flush();
        System.exit(exit);
    }

    /** The command line with its error policy: a bad setting is one clear line and exit code 2. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** The command line reading {@code env} as its environment (tests pass their own). */
    public static CommandLine commandLine(java.util.Map<String, String> env) {
        CommandLine cli = new CommandLine(new Main());
        CommandLine config = cli.getSubcommands().get("config");
        SettingsFlags.addTo(config.getCommandSpec());
        ((ConfigCommand) config.getCommand()).withEnvironment(env);
        for (String role : new String[] {"bootstrap", "worker", "alice", "bob"}) {
            CommandLine command = cli.getSubcommands().get(role);
            SettingsFlags.addTo(command.getCommandSpec());
            ((RoleCommand) command.getCommand()).withEnvironment(env);
        }
        cli.setExecutionExceptionHandler((error, command, parsed) -> {
            if (error instanceof IllegalStateException && String.valueOf(error.getMessage()).startsWith("cannot bind")) {
                command.getErr().println("cqkd: " + error.getMessage());
                command.getErr().flush();
                return 1;
            }
            if (error instanceof IllegalArgumentException) {
                command.getErr().println("cqkd: " + error.getMessage());
                command.getErr().flush();
                return 2;
            }
            throw error;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
