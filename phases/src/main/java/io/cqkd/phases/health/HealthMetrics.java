package io.cqkd.phases.health;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Phase 4's metrics, read from the process's {@link HealthCounters} and its nodes at each scrape;
 * every series is registered (at zero) when the phase is built.
 */
final class HealthMetrics {
    private HealthMetrics() {
    }

    static void register(PrometheusRegistry registry, String role, HealthCounters c, List<HealthNode> nodes) {
        CounterWithCallback.builder().name("cqkd_health_checks_total")
                .help("Health checks of peers by level and verdict: passed, unreachable (the peer became suspect),"
                        + " faulty (answered wrongly: declared dead), not_checked (our own calls refused)")
                .labelNames("role", "level", "verdict").callback(cb -> {
                    for (HealthLevel l : HealthLevel.values()) {
                        for (CheckOutcome.Verdict v : CheckOutcome.Verdict.values()) {
                            String key = l.label() + "/" + v.name().toLowerCase(java.util.Locale.ROOT);
                            cb.call(c.checks().getOrDefault(key, 0L), role, l.label(),
                                    v.name().toLowerCase(java.util.Locale.ROOT));
                        }
                    }
                }).register(registry);
        CounterWithCallback.builder().name("cqkd_health_deaths_total")
                .help("Peers declared dead and evicted, by reason: suspicion (unanswered through the whole suspicion),"
                        + " unreachable (no suspicion configured) or the fault a check found")
                .labelNames("role", "reason").callback(cb -> {
                    cb.call(c.deaths().getOrDefault("suspicion", 0L), role, "suspicion");
                    c.deaths().forEach((reason, n) -> {
                        if (!reason.equals("suspicion")) {
                            cb.call(n, role, reason);
                        }
                    });
                }).register(registry);
        CounterWithCallback.builder().name("cqkd_health_suspicions_total")
                .help("Suspicions by outcome: started, refuted (the suspect answered: an accusation avoided),"
                        + " dropped (too many suspects at once)")
                .labelNames("role", "outcome").callback(cb -> {
                    cb.call(c.suspected(), role, "started");
                    cb.call(c.refuted(), role, "refuted");
                    cb.call(c.suspicionDropped(), role, "dropped");
                }).register(registry);
        CounterWithCallback.builder().name("cqkd_health_indirect_probes_total")
                .help("Indirect probes (cqkd_probe) asked of other nodes and their answers: the prober reached the"
                        + " suspect (alive) or not (unreached); and probes this process served")
                .labelNames("role", "result").callback(cb -> {
                    cb.call(c.probesSent(), role, "sent");
                    cb.call(c.probesAnswered(true), role, "alive");
                    cb.call(c.probesAnswered(false), role, "unreached");
                    c.probesServed().forEach((result, n) -> cb.call(n, role, "served_" + result));
                }).register(registry);
        CounterWithCallback.builder().name("cqkd_health_rpcs_total")
                .help("RPCs the health checks, re-pings and indirect probes sent").labelNames("role")
                .callback(cb -> cb.call(c.rpcs(), role)).register(registry);
        CounterWithCallback.builder().name("cqkd_health_deferred_total")
                .help("Health calls that waited because the node's call slots were busy with its own work, by kind")
                .labelNames("role", "kind").callback(cb -> {
                    for (String kind : new String[] {"check", "reping", "probe", "probe-ping"}) {
                        cb.call(c.deferred().getOrDefault(kind, 0L), role, kind);
                    }
                }).register(registry);
        CounterWithCallback.builder().name("cqkd_discovery_nodes_total")
                .help("Nodes the healthy discovery returned, and candidates it left out because they failed their check")
                .labelNames("role", "result").callback(cb -> {
                    cb.call(c.discoveryReturned(), role, "returned");
                    cb.call(c.discoveryRejected(), role, "rejected");
                }).register(registry);
        GaugeWithCallback.builder().name("cqkd_health_suspects")
                .help("Peers suspect now, over this process's nodes").labelNames("role")
                .callback(cb -> cb.call(sum(nodes, HealthNode::suspects), role)).register(registry);
        GaugeWithCallback.builder().name("cqkd_health_awareness_score")
                .help("Highest Lifeguard awareness score over this process's nodes: 0 reaches its peers; at n, its"
                        + " check timeouts and suspicions are n + 1 times longer")
                .labelNames("role")
                .callback(cb -> cb.call(nodes.stream().mapToInt(HealthNode::awarenessScore).max().orElse(0), role))
                .register(registry);
    }

    private static int sum(List<HealthNode> nodes, ToIntFunction<HealthNode> f) {
        return nodes.stream().mapToInt(f).sum();
    }
}
