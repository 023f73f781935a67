package io.cqkd.app.scale;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqkd.phases.health.HealthLevel;
import io.cqkd.phases.health.HealthParameters;
import io.cqkd.transport.latency.LatencyModel;
import io.cqkd.transport.latency.WanLatency;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cqkd scale-test health}: phase 4. A network whose detectors run, a fraction of its nodes
 * killed at once, and what the detector made of it: how soon each dead node left every table, how
 * many live nodes it declared dead, whether discovery returned only live nodes, how long one node
 * takes to check a thousand. With {@code --compare ping-only}, a second row for the plain
 * ping-and-evict detector on the same network, seed and losses.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = "Phase 4: kill a fraction of the nodes and measure the failure detector (and ping-only).")
public final class HealthScenario implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ScaleOptions options;

    @Option(names = "--dead", defaultValue = "0.2", description = "Share of the nodes killed at once (default: ${DEFAULT-VALUE}).")
    double dead;

    @Option(names = "--level", defaultValue = "medium", description = "fast, medium or deep (default: ${DEFAULT-VALUE}).")
    String level;

    @Option(names = "--compare", description = "ping-only: add a row for the plain ping-and-evict detector.")
    String compare;

    @Option(names = "--observe-minutes", description = "How long after the deaths the detectors are watched for"
            + " false accusations (default: 10 in sim mode, 2 in udp mode).")
    Double observeMinutes;

    @Option(names = "--faulty", defaultValue = "0", description = "Peers of each fault that answer pings but fail a"
            + " deeper level (malformed find_node: medium; values dropped: deep), put in every table (default: ${DEFAULT-VALUE}).")
    int faulty;

    @Option(names = "--warm-up-seconds", defaultValue = "60", description = "How long the detectors run before the"
            + " deaths, so that every entry has been checked (default: ${DEFAULT-VALUE}).")
    int warmUpSeconds;

    @Option(names = "--latency", defaultValue = "lan", description = "lan or wan, as in scale-test adaptive (default: ${DEFAULT-VALUE}).")
    String latency;

    @Option(names = "--sweep-concurrency", defaultValue = "64", description = "Checks at once in the timed sweep of"
            + " up to 1,000 nodes (default: ${DEFAULT-VALUE}).")
    int sweepConcurrency;

    @Override
    public Integer call() throws Exception {
        options.validate();
        validate();
        long wallStart = System.nanoTime();
        HealthParameters parameters = HealthParameters.defaults().withLevel(HealthLevel.of(level));
        LatencyModel model = latency.equals("wan") ? WanLatency.preset(options.seed, 0) : LatencyModel.lan(options.seed);
        double minutes = observeMinutes != null ? observeMinutes : options.mode == ScaleOptions.Mode.sim ? 10 : 2;
        Duration observe = Duration.ofMillis((long) (minutes * 60_000));
        List<String> detectors = compare == null ? List.of("health") : List.of("health", "ping-only");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String detector : detectors) {
            try (HealthNetwork network = new HealthNetwork(options, model)) {
                rows.add(new HealthRun(options, network, detector, parameters, dead,
                        Duration.ofSeconds(warmUpSeconds), observe, sweepConcurrency, faulty).run());
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("scenario", "health");
        report.put("mode", options.mode.name());
        report.put("workers", options.workers);
        report.put("seed", options.seed);
        report.put("loss", options.loss);
        report.put("dead", dead);
        report.put("level", level);
        report.put("latency", latency);
        report.put("observeMinutes", minutes);
        report.put("warmUpSeconds", warmUpSeconds);
        report.put("faulty", faulty);
        report.put("wallMillis", (System.nanoTime() - wallStart) / 1_000_000);
        report.put("heapBytes", ProcessMemory.usedHeapAfterGc());
        report.put("rows", rows);
        print(report, rows);
        return 0;
    }

    private void validate() {
        if (!(dead >= 0 && dead < 1)) {
            throw new IllegalArgumentException("--dead must be in [0, 1), got " + dead);
        }
        if (!List.of("fast", "medium", "deep").contains(level)) {
            throw new IllegalArgumentException("--level must be fast, medium or deep, got " + level);
        }
        if (compare != null && !compare.equals("ping-only")) {
            throw new IllegalArgumentException("--compare must be ping-only, got " + compare);
        }
        if (!latency.equals("lan") && !latency.equals("wan")) {
            throw new IllegalArgumentException("--latency must be lan or wan, got " + latency);
        }
        if (observeMinutes != null && !(observeMinutes > 0 && observeMinutes <= 24 * 60)) {
            throw new IllegalArgumentException("--observe-minutes must be in (0, 1440], got " + observeMinutes);
        }
        if (faulty < 0 || faulty > 100) {
            throw new IllegalArgumentException("--faulty must be in [0, 100], got " + faulty);
        }
        if (warmUpSeconds < 0 || warmUpSeconds > 3600) {
            throw new IllegalArgumentException("--warm-up-seconds must be in [0, 3600], got " + warmUpSeconds);
        }
        if (sweepConcurrency < 1 || sweepConcurrency > 1024) {
            throw new IllegalArgumentException("--sweep-concurrency must be in [1, 1024], got " + sweepConcurrency);
        }
    }

    private void print(Map<String, Object> report, List<Map<String, Object>> rows) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (options.json) {
            out.println(new ObjectMapper().writeValueAsString(report));
        } else {
            out.printf("%-10s %8s %9s %9s %9s %7s %9s %8s %9s %10s%n", "detector", "healthy", "removed", "p50 ms",
                    "p99 ms", "false+", "sweep ms", "chk p99", "rpcs", "rpc/node/s");
            for (Map<String, Object> r : rows) {
                out.printf("%-10s %7.1f%% %9s %9s %9s %7s %9s %8s %9s %10.2f%n", r.get("detector"),
                        100 * (double) r.get("healthyReturned"), r.get("deadRemoved") + "/" + r.get("killed"),
                        r.get("deadRemovedMillisP50"), r.get("deadRemovedMillisP99"), r.get("falsePositives"),
                        r.get("sweepMillis"), r.get("checkMillisP99"), r.get("checkRpcs"),
                        (double) r.get("checkRpcsPerNodePerSecond"));
            }
        }
        out.flush();
    }
}
