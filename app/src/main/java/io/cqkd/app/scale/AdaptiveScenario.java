package io.cqkd.app.scale;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqkd.transport.latency.LatencyModel;
import io.cqkd.transport.latency.WanLatency;
import java.io.PrintWriter;
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
 * {@code cqkd scale-test adaptive}: phase 3. The same network and the same lookups under three
 * policies side by side, one row each: {@code fixed} (alpha 3, k 20, 5 s: the fallback),
 * {@code table} (the plan's table by network size) and {@code adaptive}. {@code --latency wan}
 * spreads the nodes over three regions with a heavy-tailed jitter; {@code --slow-fraction} makes
 * some nodes answer after 0.5 to 3 s.
 */
@Command(name = "adaptive", mixinStandardHelpOptions = true,
        description = "Phase 3: the same network and lookups under the fixed, table and adaptive policies.")
public final class AdaptiveScenario implements Callable<Integer> {
    static final List<String> POLICIES = List.of("fixed", "table", "adaptive");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ScaleOptions options;

    @Option(names = "--latency", defaultValue = "lan", description = "lan (1-20 ms per link) or wan (three regions"
            + " 20/90/160 ms apart, log-normal jitter) (default: ${DEFAULT-VALUE}).")
    String latency;

    @Option(names = "--slow-fraction", defaultValue = "0", description = "Share of the nodes that answer after 0.5"
            + " to 3 s, wan only (default: ${DEFAULT-VALUE}).")
    double slowFraction;

    @Override
    public Integer call() throws Exception {
        options.validate();
        if (!latency.equals("lan") && !latency.equals("wan")) {
            throw new IllegalArgumentException("--latency must be lan or wan, got " + latency);
        }
        if (!(slowFraction >= 0 && slowFraction < 1) || (slowFraction > 0 && latency.equals("lan"))) {
            throw new IllegalArgumentException("--slow-fraction must be in [0, 1), and goes with --latency wan");
        }
        long wallStart = System.nanoTime();
        LatencyModel model = latency.equals("wan") ? WanLatency.preset(options.seed, slowFraction)
                : LatencyModel.lan(options.seed);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String policy : POLICIES) {
            rows.add(new PolicyRun(options, model, policy).run());
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("scenario", "adaptive");
        report.put("mode", options.mode.name());
        report.put("workers", options.workers);
        report.put("lookups", options.lookups);
        report.put("seed", options.seed);
        report.put("loss", options.loss);
        report.put("latency", latency);
        report.put("slowFraction", slowFraction);
        report.put("wallMillis", (System.nanoTime() - wallStart) / 1_000_000);
        report.put("heapBytes", ProcessMemory.usedHeapAfterGc());
        report.put("rows", rows);
        PrintWriter out = spec.commandLine().getOut();
        if (options.json) {
            out.println(new ObjectMapper().writeValueAsString(report));
        } else {
            out.printf("%-9s %8s %8s %9s %7s %7s %7s %8s %10s %9s %6s%n", "policy", "found", "timeouts", "false-to",
                    "p50 ms", "p95 ms", "p99 ms", "rpcs/lk", "disc100 ms", "size est", "error");
            for (Map<String, Object> r : rows) {
                out.printf("%-9s %8s %8s %9s %7s %7s %7s %8.1f %10s %9s %5.1f%%%n", r.get("policy"),
                        r.get("found") + "/" + r.get("lookups"), r.get("timeouts"), r.get("falseTimeouts"),
                        r.get("lookupMillisP50"), r.get("lookupMillisP95"), r.get("lookupMillisP99"),
                        (double) r.get("rpcsPerLookup"), r.get("discovery100Millis"), r.get("sizeEstimate"),
                        100 * (double) r.get("sizeEstimateError"));
            }
        }
        out.flush();
        return 0;
    }
}
