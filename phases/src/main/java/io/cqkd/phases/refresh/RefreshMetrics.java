package io.cqkd.phases.refresh;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Phase 5's metrics, read from the process's {@link RefreshCounters} and its nodes at each scrape;
 * every series is registered (at zero) when the phase is built.
 */
final class RefreshMetrics {
    private RefreshMetrics() {
    }

    static void register(PrometheusRegistry registry, String role, RefreshCounters c, List<RefreshNode> nodes,
                         DoubleSupplier rpcShare) {
        CounterWithCallback.builder().name("cqkd_refresh_buckets_total")
                .help("Bucket refreshes (one lookup each) by cause: stale (nothing heard within the interval),"
                        + " eviction, emptied (a bucket left without a live entry), emergency (a partition suspected)")
                .labelNames("role", "cause").callback(cb -> {
                    for (RefreshCounters.Cause cause : RefreshCounters.Cause.values()) {
                        cb.call(c.refreshes(cause), role, cause.name().toLowerCase(Locale.ROOT));
                    }
                }).register(registry);
        CounterWithCallback.builder().name("cqkd_refresh_emergencies_total")
                .help("Emergency refreshes of every bucket: evictions across the table, or the table emptied")
                .labelNames("role").callback(cb -> cb.call(c.emergencies(), role)).register(registry);
        CounterWithCallback.builder().name("cqkd_refresh_optimiser_decisions_total")
                .help("The refresh optimiser's decisions: more_often (lookups failing), less_often (refresh traffic"
                        + " above REFRESH_MAX_OVERHEAD), relax (back towards the plan's formula), hold")
                .labelNames("role", "decision").callback(cb -> {
                    for (RefreshOptimiser.Decision d : RefreshOptimiser.Decision.values()) {
                        cb.call(c.decisions(d), role, d.name().toLowerCase(Locale.ROOT));
                    }
                }).register(registry);
        CounterWithCallback.builder().name("cqkd_refresh_pings_total")
                .help("Entries unheard for longer than the interval pinged (sent), and those evicted when the ping failed;"
                        + " peers that left the table lately asked again (lost_asked) and back (lost_back)")
                .labelNames("role", "result").callback(cb -> {
                    cb.call(c.silentPings(), role, "sent");
                    cb.call(c.silentEvictions(), role, "evicted");
                    cb.call(c.lostAsked(), role, "lost_asked");
                    cb.call(c.lostBack(), role, "lost_back");
                }).register(registry);
        CounterWithCallback.builder().name("cqkd_refresh_rpcs_total")
                .help("Calls sent by refresh lookups").labelNames("role")
                .callback(cb -> cb.call(c.refreshRpcs(), role)).register(registry);
        GaugeWithCallback.builder().name("cqkd_refresh_rpc_share")
                .help("Refresh calls as a share of all calls this process's nodes sent, over the last 30 s")
                .labelNames("role").callback(cb -> cb.call(rpcShare.getAsDouble(), role)).register(registry);
        GaugeWithCallback.builder().name("cqkd_refresh_interval_seconds")
                .help("The refresh interval in force, median over this process's nodes (phase 5: adapted; off: fixed)")
                .labelNames("role").callback(cb -> cb.call(median(nodes, n -> n.interval().toMillis() / 1000.0), role))
                .register(registry);
        GaugeWithCallback.builder().name("cqkd_refresh_stability")
                .help("Stability score in [0, 1] (size drift, failing entries, churn), median and lowest over the nodes")
                .labelNames("role", "stat").callback(cb -> {
                    cb.call(median(nodes, RefreshNode::stability), role, "median");
                    cb.call(nodes.stream().mapToDouble(RefreshNode::stability).min().orElse(1), role, "min");
                }).register(registry);
        GaugeWithCallback.builder().name("cqkd_refresh_stale_fraction")
                .help("Routing entries that failed their last call or went unheard for longer than the interval,"
                        + " per entry, over this process's nodes")
                .labelNames("role").callback(cb -> cb.call(staleFraction(nodes), role)).register(registry);
        GaugeWithCallback.builder().name("cqkd_routing_entries_by_age")
                .help("Routing entries last heard from at most age_seconds ago (cumulative), over this process's nodes")
                .labelNames("role", "age_seconds").callback(cb -> {
                    long[] total = new long[TableScan.AGE_BOUNDS_SECONDS.length + 1];
                    nodes.forEach(n -> {
                        long[] ages = n.ageCounts();
                        for (int i = 0; i < total.length; i++) {
                            total[i] += ages[i];
                        }
                    });
                    long cumulative = 0;
                    for (int i = 0; i < total.length; i++) {
                        cumulative += total[i];
                        String bound = i < TableScan.AGE_BOUNDS_SECONDS.length
                                ? Long.toString(TableScan.AGE_BOUNDS_SECONDS[i]) : "+Inf";
                        cb.call(cumulative, role, bound);
                    }
                }).register(registry);
    }

    private static double median(List<RefreshNode> nodes, java.util.function.ToDoubleFunction<RefreshNode> f) {
        double[] values = nodes.stream().mapToDouble(f).sorted().toArray();
        return values.length == 0 ? 0 : values[values.length / 2];
    }

    private static double staleFraction(List<RefreshNode> nodes) {
        return nodes.stream().mapToDouble(RefreshNode::staleFraction).average().orElse(0);
    }
}
