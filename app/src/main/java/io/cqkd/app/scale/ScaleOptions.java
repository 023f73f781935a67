package io.cqkd.app.scale;

import picocli.CommandLine.Option;

/** The options every scale-test scenario shares (see docs/cli.md). */
public final class ScaleOptions {
    @Option(names = "--workers", defaultValue = "100", description = "Worker nodes besides the seed node (default: ${DEFAULT-VALUE}).")
    public int workers;

    @Option(names = "--mode", description = "sim (virtual time) or udp (real sockets on 127.0.0.1, one JVM) (default: sim; bootstrap: udp).")
    public Mode mode;

    @Option(names = "--lookups", defaultValue = "1000", description = "Lookups of random existing node ids from random nodes (default: ${DEFAULT-VALUE}).")
    public int lookups;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of all randomness: ids, latencies, loss, lookup choices (default: ${DEFAULT-VALUE}).")
    public long seed;

    @Option(names = "--loss", defaultValue = "0", description = "Datagram loss rate in [0, 1), sim mode only (default: ${DEFAULT-VALUE}).")
    public double loss;

    @Option(names = "--join-concurrency", defaultValue = "64", description = "Nodes bootstrapping at the same time (default: ${DEFAULT-VALUE}).")
    public int joinConcurrency;

    @Option(names = "--json", description = "Print one JSON object instead of a human summary.")
    public boolean json;

    public enum Mode { sim, udp }

    /** Options for a real-socket network built by a command other than scale-test (demo, reports). */
    public static ScaleOptions udp(int workers, int lookups, long seed) {
        ScaleOptions options = new ScaleOptions();
        options.workers = workers;
        options.mode = Mode.udp;
        options.lookups = lookups;
        options.seed = seed;
        options.joinConcurrency = 64;
        options.validate();
        return options;
    }

    /** Whether --mode was given; scenarios choose their own default otherwise. */
    public boolean modeGiven() {
        return mode != null;
    }

    /** A copy with another seed, for the runs of a multi-run scenario. */
    public ScaleOptions withSeed(long newSeed) {
        ScaleOptions copy = new ScaleOptions();
        copy.workers = workers;
        copy.mode = mode;
        copy.lookups = lookups;
        copy.seed = newSeed;
        copy.loss = loss;
        copy.joinConcurrency = joinConcurrency;
        copy.json = json;
        return copy;
    }

    /** Rejects nonsense before anything starts; the message names the option and what is allowed. */
    public void validate() {
        if (mode == null) {
            mode = Mode.sim;
        }
        if (workers < 1 || workers > 1_000_000) {
            throw new IllegalArgumentException("--workers must be in [1, 1000000], got " + workers);
        }
        if (lookups < 0) {
            throw new IllegalArgumentException("--lookups must be >= 0, got " + lookups);
        }
        if (!(loss >= 0 && loss < 1)) {
            throw new IllegalArgumentException("--loss must be in [0, 1), got " + loss);
        }
        if (loss > 0 && mode != Mode.sim) {
            throw new IllegalArgumentException("--loss only applies to --mode sim");
        }
        if (joinConcurrency < 1) {
            throw new IllegalArgumentException("--join-concurrency must be >= 1, got " + joinConcurrency);
        }
    }
}
