package io.cqkd.app;

import io.cqkd.keygen.KeygenOptions;
import io.cqkd.keygen.QuantumChannel;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cqkd demo}: the main job. Starts an embedded network on 127.0.0.1 (a bootstrap node,
 * workers, Alice and Bob on real UDP sockets in this process), generates a key and prints a short
 * summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an embedded network on 127.0.0.1 (bootstrap node, workers, Alice, Bob) and generate a key.")
public final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--workers", description = "Worker nodes (default: enough for the key, with a quarter to spare).")
    Integer workers;

    @Option(names = "--key-bits", defaultValue = "128", description = "Key length in bits (default: ${DEFAULT-VALUE}).")
    int keyBits;

    @Option(names = "--noise", defaultValue = "0", description = "Simulated channel noise: bit-flip probability in [0, 0.5] (default: ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--eavesdropper", description = "Put an intercept-resend eavesdropper on the channel: the run must abort.")
    boolean eavesdropper;

    @Option(names = "--json", description = "Print one JSON object instead of a human summary.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        KeygenOptions options = KeygenOptions.of(keyBits).withChannel(new QuantumChannel(noise, eavesdropper));
        int count = workers != null ? workers : options.workersNeeded() * 5 / 4;
        if (count < 1 || count > 20_000) {
            throw new IllegalArgumentException("--workers must be in [1, 20000], got " + count);
        }
        return new DemoRun(options, count, eavesdropper, json).run(spec.commandLine().getOut());
    }
}
