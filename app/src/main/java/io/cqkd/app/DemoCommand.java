package io.cqkd.app;

import io.cqkd.app.scale.ScaleOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cqkd demo}: the main job on an embedded network on 127.0.0.1. For now it brings up the DHT
 * (a seed and workers on real sockets), looks up every worker and stores and reads back a value;
 * CQKD key generation joins it when the protocol lands.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an embedded network on 127.0.0.1, bootstrap it, look up nodes, put and get a value.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--workers", defaultValue = "50", description = "Worker nodes (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--json", description = "Print one JSON object instead of a human summary.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ScaleOptions options = ScaleOptions.udp(workers, workers, System.nanoTime());
        options.json = json;
        return new DemoRun(options).run(System.out);
    }
}
