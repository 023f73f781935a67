package io.cqkd.app.scale;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.lookup.LookupResult;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cqkd scale-test bootstrap}: all workers join one seed node at once on 127.0.0.1; measures
 * the time until every one is ready (finished the lookup of its own id), then lookups right after.
 * With {@code --peer bittorrent-dht} the same scenario runs with npm bittorrent-dht in a child
 * process, runs alternating, and both rows are printed with the ratio of their medians.
 */
@Command(name = "bootstrap", mixinStandardHelpOptions = true,
        description = "All --workers join one seed at once (real sockets); time until all are ready, then lookups.")
public final class BootstrapScenario implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ScaleOptions options;

    @Option(names = "--peer", description = "Also run the scenario with this implementation: bittorrent-dht.")
    String peer;

    @Option(names = "--runs", defaultValue = "1", description = "Runs per implementation, alternating (default: ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() throws Exception {
        if (!options.modeGiven()) {
            options.mode = ScaleOptions.Mode.udp; // this scenario is about real sockets unless told otherwise
        }
        options.validate();
        if (runs < 1 || runs > 100) {
            throw new IllegalArgumentException("--runs must be in [1, 100], got " + runs);
        }
        if (peer != null && !peer.equals(BittorrentDhtPeer.NAME)) {
            throw new IllegalArgumentException("--peer must be " + BittorrentDhtPeer.NAME + ", got " + peer);
        }
        if (peer != null && options.mode != ScaleOptions.Mode.udp) {
            throw new IllegalArgumentException("--peer needs --mode udp: bittorrent-dht runs on real sockets");
        }
        Map<String, Object> report = run(options, runs, peer != null, options.json ? null : System.err);
        PrintWriter out = spec.commandLine().getOut();
        print(report, options.json, out);
        out.flush();
        return 0;
    }

    /** Runs the scenario; {@code progressTo} gets a progress bar when it is a terminal, else null. */
    public static Map<String, Object> run(ScaleOptions options, int runs, boolean withPeer, PrintStream progressTo) {
        long wallStart = System.nanoTime();
        BittorrentDhtPeer peer = withPeer ? new BittorrentDhtPeer() : null;
        List<RunFigures> ours = new ArrayList<>();
        List<RunFigures> theirs = new ArrayList<>();
        int steps = runs * (withPeer ? 2 : 1);
        try (ProgressBar bar = progressBar(progressTo, steps)) {
            for (int r = 0; r < runs; r++) {
                long seed = options.seed + r;
                ours.add(runOurs(options, seed));
                step(bar, "ours run " + (r + 1));
                if (peer != null) {
                    theirs.add(peer.run(options.workers, options.lookups, seed));
                    step(bar, "bittorrent-dht run " + (r + 1));
                }
            }
        }
        ImplementationRow oursRow = ImplementationRow.of(ours);
        RunFigures median = ours.stream().filter(f -> f.bootstrapMillis() == oursRow.bootstrapMillisMedian())
                .findFirst().orElse(ours.get(0));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("scenario", "bootstrap");
        report.put("mode", options.mode.name());
        report.put("workers", options.workers);
        report.put("lookups", options.lookups);
        report.put("found", median.found());
        report.put("meanHops", median.meanHops());
        report.put("p99Hops", median.p99Hops());
        report.put("bootstrapMillis", oursRow.bootstrapMillisMedian());
        report.put("wallMillis", (System.nanoTime() - wallStart) / 1_000_000);
        report.put("heapBytes", oursRow.heapBytes());
        report.put("seed", options.seed);
        report.put("runs", runs);
        report.put("ours", oursRow);
        if (peer != null) {
            ImplementationRow peerRow = ImplementationRow.of(theirs);
            report.put("peer", peerRow);
            report.put("ratio", (double) peerRow.bootstrapMillisMedian() / Math.max(1, oursRow.bootstrapMillisMedian()));
        }
        return report;
    }

    private static RunFigures runOurs(ScaleOptions options, long seed) {
        ScaleOptions one = options.withSeed(seed);
        try (ScaleNetwork network = new ScaleNetwork(one, DhtConfig.defaults())) {
            long readyNanos = network.startJoinsAndAwaitReady();
            List<LookupResult> lookups = network.randomLookups(one.lookups, network.nodes);
            network.awaitJoins();
            LookupFigures figures = LookupFigures.of(lookups);
            return new RunFigures("cqkd-dht", one.workers, readyNanos / 1_000_000, lookups.size(), figures.found(),
                    figures.meanQueries(), network.meanRoutingTableSize(), ProcessMemory.usedHeapAfterGc(),
                    ProcessMemory.residentBytes(), figures.meanHops(), figures.p99Hops());
        }
    }

    private static ProgressBar progressBar(PrintStream to, int steps) {
        if (to == null || System.console() == null) {
            return null; // no terminal: keep the output clean for files and pipes
        }
        return new ProgressBarBuilder().setTaskName("scale-test bootstrap").setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(to))
                .build();
    }

    private static void step(ProgressBar bar, String message) {
        if (bar != null) {
            bar.setExtraMessage(message);
            bar.step();
        }
    }

    static void print(Map<String, Object> report, boolean json, PrintWriter out) throws Exception {
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(report));
            return;
        }
        out.printf("%-16s %6s %12s %10s %10s %14s %14s %12s%n", "implementation", "runs", "median ms", "min ms",
                "max ms", "lookups found", "heap/node B", "RSS/node B");
        for (String key : List.of("ours", "peer")) {
            if (report.get(key) instanceof ImplementationRow row) {
                out.printf("%-16s %6d %12d %10d %10d %9d/%-5d %14d %12d%n", row.implementation(), row.runs(),
                        row.bootstrapMillisMedian(), row.bootstrapMillisMin(), row.bootstrapMillisMax(), row.found(),
                        row.lookups(), row.heapBytesPerNode(), row.rssBytesPerNode());
            }
        }
        if (report.containsKey("ratio")) {
            out.printf("ratio (peer median / ours): %.2f%s%n", (double) report.get("ratio"),
                    (double) report.get("ratio") > 1 ? " (ours is faster)" : "");
        }
    }
}
