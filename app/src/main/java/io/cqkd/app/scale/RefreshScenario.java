package io.cqkd.app.scale;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.cluster.Driver;
import io.cqkd.phases.adaptive.AdaptiveNode;
import io.cqkd.phases.adaptive.AdaptiveParameters;
import io.cqkd.phases.health.DeathWitness;
import io.cqkd.phases.health.HealthBudget;
import io.cqkd.phases.health.HealthCounters;
import io.cqkd.phases.health.HealthNode;
import io.cqkd.phases.health.HealthParameters;
import io.cqkd.phases.refresh.RefreshCounters;
import io.cqkd.phases.refresh.RefreshNode;
import io.cqkd.phases.refresh.RefreshParameters;
import io.cqkd.transport.latency.LatencyModel;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cqkd scale-test refresh}: phase 5. The same network, churn and seed under the fixed
 * interval (phase 5's fallback) and under adaptive, event-driven refresh, one row each: how many
 * table entries point at departed nodes, how old entries are, how much of the traffic refreshing
 * costs, how many lookups of live nodes succeed, and with a partition how soon after the heal
 * lookups across the cut succeed again. Phases 3 and 4 are off in both rows, so that the refresh
 * alone makes the difference (phase 4 takes dead entries out by itself).
 */
@Command(name = "refresh", mixinStandardHelpOptions = true,
        description = "Phase 5: churn (and a partition) under the fixed and the adaptive refresh.")
public final class RefreshScenario implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ScaleOptions options;

    @Option(names = "--churn", defaultValue = "0.1", description = "Share of the nodes replaced every 10 minutes,"
            + " spread evenly (default: ${DEFAULT-VALUE}).")
    double churn;

    @Option(names = "--minutes", defaultValue = "120", description = "How long the network runs, the first 10"
            + " minutes a warm-up not sampled (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--lookup-rate", defaultValue = "1", description = "Lookups of random ids each node makes per"
            + " minute, the network's own work that refreshing is an overhead on (default: ${DEFAULT-VALUE}).")
    double lookupRate;

    @Option(names = "--with-phases-3-4", description = "Run phases 3 and 4 on every node in both rows, as in"
            + " production: phase 4's checks then keep the tables current by themselves, and the refresh is measured"
            + " as the overhead it is there.")
    boolean withPhases34;

    @Option(names = "--partition-at", description = "Minute at which a third of the nodes are cut off (sim only).")
    Integer partitionAt;

    @Option(names = "--heal-at", description = "Minute at which the cut is healed (with --partition-at).")
    Integer healAt;

    @Override
    public Integer call() throws Exception {
        options.validate();
        validate();
        long wallStart = System.nanoTime();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String policy : List.of("fixed", "adaptive")) {
            AtomicLong refreshRpcs = new AtomicLong();
            RefreshCounters counters = new RefreshCounters();
            RefreshParameters parameters = RefreshParameters.defaults();
            try (ChurnNetwork network = new ChurnNetwork(options, LatencyModel.lan(options.seed), DhtConfig.defaults(),
                    (driver, node) -> install(driver, node, policy, parameters, counters, refreshRpcs, withPhases34))) {
                Map<String, Object> row = new RefreshRun(network, options.workers, churn, Duration.ofMinutes(minutes),
                        partitionAt == null ? null : Duration.ofMinutes(partitionAt),
                        healAt == null ? null : Duration.ofMinutes(healAt), lookupRate, options.seed, refreshRpcs,
                        () -> counters.silentPings() + counters.lostAsked())
                        .run(policy);
                if (policy.equals("adaptive")) {
                    for (RefreshCounters.Cause cause : RefreshCounters.Cause.values()) {
                        row.put("refreshes_" + cause.name().toLowerCase(java.util.Locale.ROOT), counters.refreshes(cause));
                    }
                    row.put("silentPings", counters.silentPings());
                    row.put("silentEvictions", counters.silentEvictions());
                }
                rows.add(row);
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("scenario", "refresh");
        report.put("mode", options.mode.name());
        report.put("workers", options.workers);
        report.put("seed", options.seed);
        report.put("loss", options.loss);
        report.put("churn", churn);
        report.put("minutes", minutes);
        report.put("lookupRate", lookupRate);
        report.put("withPhases34", withPhases34);
        report.put("partitionAt", partitionAt);
        report.put("healAt", healAt);
        report.put("wallMillis", (System.nanoTime() - wallStart) / 1_000_000);
        report.put("heapBytes", ProcessMemory.usedHeapAfterGc());
        report.put("rows", rows);
        print(report, rows);
        return 0;
    }

    private static void install(Driver driver, DhtNode node, String policy, RefreshParameters parameters,
                                RefreshCounters counters, AtomicLong refreshRpcs, boolean withPhases34) {
        RefreshRun.countRefreshes(node, refreshRpcs);
        if (withPhases34) {
            AdaptiveNode adaptive = driver.await(AdaptiveNode.start(node, AdaptiveParameters.defaults()), Duration.ofSeconds(10));
            driver.await(adaptive.use(true), Duration.ofSeconds(10));
            HealthParameters health = HealthParameters.defaults();
            // Each simulated node stands for a host of its own: its own budget.
            HealthNode checks = driver.await(HealthNode.start(node, health, new HealthCounters(),
                    new HealthBudget(health.processRate()), DeathWitness.NONE), Duration.ofSeconds(10));
            driver.await(checks.use(true), Duration.ofSeconds(10));
        }
        if (policy.equals("adaptive")) {
            RefreshNode refresh = driver.await(RefreshNode.start(node, parameters, counters, 0), Duration.ofSeconds(10));
            driver.await(refresh.use(true), Duration.ofSeconds(10));
        }
    }

    private void validate() {
        if (!(churn >= 0 && churn <= 1)) {
            throw new IllegalArgumentException("--churn must be in [0, 1], got " + churn);
        }
        if (!(lookupRate >= 0 && lookupRate <= 600)) {
            throw new IllegalArgumentException("--lookup-rate must be in [0, 600] lookups per node per minute, got " + lookupRate);
        }
        if (minutes < 11 || minutes > 48 * 60) {
            throw new IllegalArgumentException("--minutes must be in [11, 2880] (the first 10 are a warm-up), got " + minutes);
        }
        if ((partitionAt == null) != (healAt == null)) {
            throw new IllegalArgumentException("--partition-at and --heal-at go together");
        }
        if (partitionAt != null) {
            if (options.mode != ScaleOptions.Mode.sim) {
                throw new IllegalArgumentException("--partition-at needs --mode sim (real sockets cannot be cut here)");
            }
            if (!(10 <= partitionAt && partitionAt < healAt && healAt < minutes)) {
                throw new IllegalArgumentException("--partition-at and --heal-at must satisfy 10 <= partition-at < heal-at"
                        + " < minutes, got " + partitionAt + ", " + healAt + ", " + minutes);
            }
        }
    }

    private void print(Map<String, Object> report, List<Map<String, Object>> rows) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (options.json) {
            out.println(new ObjectMapper().writeValueAsString(report));
        } else {
            out.printf("%-9s %8s %10s %10s %9s %9s %10s%n", "policy", "stale", "fresh p99", "refresh%",
                    "lookups", "found", "recovery");
            for (Map<String, Object> r : rows) {
                out.printf("%-9s %7.2f%% %9.0fs %9.1f%% %9s %8.1f%% %10s%n", r.get("policy"),
                        100 * (double) r.get("staleFraction"), (double) r.get("freshnessP99Seconds"),
                        100 * (double) r.get("refreshRpcShare"), r.get("lookups"), 100 * (double) r.get("lookupSuccess"),
                        r.get("recoverySeconds") == null ? "-" : r.get("recoverySeconds") + " s");
            }
        }
        out.flush();
    }
}
