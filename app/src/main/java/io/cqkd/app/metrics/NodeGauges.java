package io.cqkd.app.metrics;

import io.cqkd.dht.DhtNode;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.function.Supplier;

/** Gauges read from the nodes at scrape time: how many run, how big their tables are. */
public final class NodeGauges {
    private NodeGauges() {}

    public static void register(PrometheusRegistry registry, String role, Supplier<List<DhtNode>> nodes) {
        GaugeWithCallback.builder().name("cqkd_nodes").help("DHT nodes running in this process")
                .labelNames("role").callback(cb -> cb.call(nodes.get().size(), role)).register(registry);
        GaugeWithCallback.builder().name("cqkd_routing_table_nodes")
                .help("Nodes in the routing tables of this process's nodes, summed (divide by cqkd_nodes for the mean)")
                .labelNames("role")
                .callback(cb -> cb.call(nodes.get().stream().mapToInt(DhtNode::routingTableSizeSnapshot).sum(), role))
                .register(registry);
        GaugeWithCallback.builder().name("cqkd_values_stored")
                .help("BEP 44 items and announced info-hashes stored by this process's nodes")
                .labelNames("role")
                .callback(cb -> cb.call(nodes.get().stream().mapToInt(DhtNode::storedValuesSnapshot).sum(), role))
                .register(registry);
        GaugeWithCallback.builder().name("cqkd_nodes_ready").help("Nodes that finished their join (own-id lookup)")
                .labelNames("role")
                .callback(cb -> cb.call(nodes.get().stream().filter(n -> n.ready().isDone()).count(), role))
                .register(registry);
    }
}
