package io.cqkd.app.metrics;

import io.cqkd.dht.DhtObserver;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The DHT metrics of one process, labelled by role (never by node id: a process may host a
 * thousand nodes, and label cardinality must stay low). Shared by all the nodes of the process.
 */
public final class DhtMetrics {
    private final Counter queriesReceived;
    private final Counter rpcSent;
    private final Counter rpcFailed;
    private final Counter rpcTimeouts;
    private final Counter falseTimeouts;
    private final Histogram rpcLatency;
    private final Counter packetsDropped;
    private final Counter lookups;
    private final Histogram lookupHops;
    private final Counter bootstraps;
    private final Histogram bootstrapDuration;
    private final Counter phaseEvents;
    /** NodeStats event names exported as phase metrics: name -> (metric label). */
    private static final java.util.Map<String, String> PHASE_EVENTS = java.util.Map.of(
            "bootstrap.join-served", "join_served",
            "bootstrap.join-refused-full", "join_refused",
            "bootstrap.failover", "failover",
            "bootstrap.tiers-fell-back-to-flat-list", "flat_fallback",
            "bootstrap.rejoined-from-saved-peers", "rejoin_saved_peers",
            "bootstrap.rejoin-from-bootstrap-nodes", "rejoin_bootstrap_nodes",
            "bootstrap.promotion", "promotion",
            "bootstrap.promoted", "promoted");

    public DhtMetrics(PrometheusRegistry registry) {
        queriesReceived = Counter.builder().name("cqkd_rpc_received_total")
                .help("KRPC queries received, by method").labelNames("role", "method").register(registry);
        rpcSent = Counter.builder().name("cqkd_rpc_sent_total")
                .help("KRPC queries sent, by method").labelNames("role", "method").register(registry);
        rpcFailed = Counter.builder().name("cqkd_rpc_failed_total")
                .help("KRPC queries that got no answer: timeout, error answer, or rejected before sending")
                .labelNames("role", "method", "reason").register(registry);
        rpcTimeouts = Counter.builder().name("cqkd_rpc_timeouts_total")
                .help("KRPC queries that timed out").labelNames("role", "method").register(registry);
        falseTimeouts = Counter.builder().name("cqkd_rpc_false_timeouts_total")
                .help("KRPC queries that timed out and were answered after all: the peer was alive, the timeout too"
                        + " short for it (or this node too slow)").labelNames("role", "method").register(registry);
        rpcLatency = Histogram.builder().name("cqkd_rpc_latency_seconds")
                .help("Round-trip time of answered KRPC queries").labelNames("role", "method")
                .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
                .classicOnly().register(registry);
        packetsDropped = Counter.builder().name("cqkd_packets_dropped_total")
                .help("Datagrams or answers dropped, by reason").labelNames("role", "reason").register(registry);
        lookups = Counter.builder().name("cqkd_lookups_total")
                .help("Iterative lookups, by result").labelNames("role", "result").register(registry);
        lookupHops = Histogram.builder().name("cqkd_lookup_hops")
                .help("Rounds of calls a lookup needed").labelNames("role")
                .classicUpperBounds(0, 1, 2, 3, 4, 5, 6, 8, 10, 15).classicOnly().register(registry);
        bootstraps = Counter.builder().name("cqkd_bootstrap_total")
                .help("Joins, by outcome").labelNames("role", "outcome").register(registry);
        phaseEvents = Counter.builder().name("cqkd_bootstrap_events_total")
                .help("Phase 2 join events: join_served and join_refused (bootstrap nodes), failover and"
                        + " flat_fallback (joiners), rejoin_saved_peers and rejoin_bootstrap_nodes (a node whose"
                        + " table went dead), promotion (a super node made a worker regional) and promoted (this"
                        + " node became one)")
                .labelNames("role", "event").register(registry);
        bootstrapDuration = Histogram.builder().name("cqkd_bootstrap_duration_seconds")
                .help("Time a join took, refreshes included").labelNames("role")
                .classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120).classicOnly().register(registry);
    }

    /** Methods and reasons whose series exist from the start, at zero, so rates and alerts work at once. */
    private static final String[] METHODS = {"ping", "find_node", "get_peers", "announce_peer", "get", "put"};
    private static final String[] FAILURES = {"timeout", "error", "rejected"};
    private static final String[] DROPS = {"oversize", "malformed-bencode", "unknown-transaction",
        "answer-from-wrong-address", "verification-queue-full"};

    /** The observer the nodes of {@code role} report to. */
    public DhtObserver observer(String role) {
        for (String method : METHODS) {
            queriesReceived.initLabelValues(role, method);
            rpcSent.initLabelValues(role, method);
            rpcTimeouts.initLabelValues(role, method);
            falseTimeouts.initLabelValues(role, method);
            rpcLatency.initLabelValues(role, method);
            for (String reason : FAILURES) {
                rpcFailed.initLabelValues(role, method, reason);
            }
        }
        for (String reason : DROPS) {
            packetsDropped.initLabelValues(role, reason);
        }
        lookups.initLabelValues(role, "found");
        lookups.initLabelValues(role, "empty");
        lookupHops.initLabelValues(role);
        bootstraps.initLabelValues(role, "success");
        bootstraps.initLabelValues(role, "failure");
        bootstrapDuration.initLabelValues(role);
        PHASE_EVENTS.values().forEach(event -> phaseEvents.initLabelValues(role, event));
        return new DhtObserver() {
            @Override
            public void event(String name) {
                String label = PHASE_EVENTS.get(name);
                if (label != null) {
                    phaseEvents.labelValues(role, label).inc();
                }
            }

            @Override
            public void queryReceived(String method) {
                queriesReceived.labelValues(role, method).inc();
            }

            @Override
            public void rpcSent(String method) {
                rpcSent.labelValues(role, method).inc();
            }

            @Override
            public void rpcAnswered(String method, long rttNanos) {
                rpcLatency.labelValues(role, method).observe(rttNanos / 1e9);
            }

            @Override
            public void rpcFailed(String method, String reason) {
                rpcFailed.labelValues(role, method, reason).inc();
                if (reason.equals("timeout")) {
                    rpcTimeouts.labelValues(role, method).inc();
                }
            }

            @Override
            public void rpcAnsweredLate(String method, long rttNanos) {
                falseTimeouts.labelValues(role, method).inc();
            }

            @Override
            public void packetDropped(String reason) {
                packetsDropped.labelValues(role, reason).inc();
            }

            @Override
            public void lookupDone(boolean foundNodes, int hops) {
                lookups.labelValues(role, foundNodes ? "found" : "empty").inc();
                lookupHops.labelValues(role).observe(hops);
            }

            @Override
            public void bootstrapDone(boolean succeeded, long durationNanos) {
                bootstraps.labelValues(role, succeeded ? "success" : "failure").inc();
                bootstrapDuration.labelValues(role).observe(durationNanos / 1e9);
            }
        };
    }
}
