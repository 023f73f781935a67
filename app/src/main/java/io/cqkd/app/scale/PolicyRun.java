package io.cqkd.app.scale;

import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.cluster.BlockingDriver;
import io.cqkd.dht.cluster.Cluster;
import io.cqkd.dht.cluster.Driver;
import io.cqkd.dht.cluster.SimDriver;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.phases.adaptive.AdaptiveNode;
import io.cqkd.phases.adaptive.AdaptiveParameters;
import io.cqkd.transport.Transport;
import io.cqkd.transport.UdpTransport;
import io.cqkd.transport.latency.DelayedTransport;
import io.cqkd.transport.latency.LatencyModel;
import io.cqkd.transport.sim.SimNetwork;
import io.cqkd.wire.NodeId;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * One row of {@code scale-test adaptive}: a network built from the seed (the same ids, addresses and
 * latencies for every policy), the nodes timed and shaped by one policy from their start — joins
 * included — then the same lookups, timed one by one, and one node discovering 100 live nodes as
 * Alice does before a key.
 */
final class PolicyRun {
    /** Lookups in flight at once: a steady load, as in the other scenarios. */
    private static final int CONCURRENCY = 64;
    /** Discovery lookups in flight at once, as Alice's discovery sends them. */
    private static final int DISCOVERY_BATCH = 4;

    private final ScaleOptions options;
    private final LatencyModel latency;
    private final String policy;

    PolicyRun(ScaleOptions options, LatencyModel latency, String policy) {
        this.options = options;
        this.latency = latency;
        this.policy = policy;
    }

    Map<String, Object> run() {
        boolean sim = options.mode == ScaleOptions.Mode.sim;
        SimNetwork network = sim ? new SimNetwork(options.seed, latency) : null;
        if (sim) {
            network.setLossRate(options.loss);
        }
        Transport transport = sim ? network : new DelayedTransport(new UdpTransport(), latency, options.seed);
        Driver driver = sim ? new SimDriver(network) : new BlockingDriver();
        InetSocketAddress any = sim ? null : new InetSocketAddress("127.0.0.1", 0);
        try (Cluster cluster = new Cluster(transport, driver, options.seed)) {
            List<DhtNode> nodes = cluster.startNodes(options.workers + 1, DhtConfig.defaults(), i -> any);
            List<AdaptiveNode> adaptive = new ArrayList<>();
            AdaptiveParameters parameters = AdaptiveParameters.defaults().withPolicy(policy.equals("fixed")
                    ? "adaptive" : policy);
            for (DhtNode node : nodes) {
                AdaptiveNode a = driver.await(AdaptiveNode.start(node, parameters), Duration.ofSeconds(10));
                driver.await(a.use(!policy.equals("fixed")), Duration.ofSeconds(10));
                adaptive.add(a);
            }
            nodes.get(0).startNewNetwork();
            List<?> joined = driver.await(cluster.joinAll(nodes.subList(1, nodes.size()), List.of(nodes.get(0).address()),
                    options.joinConcurrency), Duration.ofHours(2));
            Map<String, Long> before = totals(nodes);
            List<Long> millis = new ArrayList<>();
            List<LookupResult> results = lookups(nodes, driver, millis);
            long discovery = discover100(nodes.get(1), nodes.size(), driver);
            long afterTen = sizeAfterTenLookups(nodes.get(1), adaptive.get(1), driver);
            settle(driver, sim ? network : null);
            Map<String, Long> after = totals(nodes);
            long median = median(adaptive.stream().mapToLong(AdaptiveNode::sizeEstimate).toArray());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("policy", policy);
            row.put("joined", joined.stream().filter(j -> j != null).count());
            row.put("lookups", results.size());
            row.put("found", results.stream().filter(LookupResult::foundTarget).count());
            row.put("timeouts", delta(before, after, "rpc.timeout."));
            row.put("falseTimeouts", delta(before, after, "rpc.late."));
            row.put("lateAnswers", results.stream().mapToInt(LookupResult::lateAnswers).sum());
            long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
            row.put("lookupMillisP50", percentile(sorted, 0.50));
            row.put("lookupMillisP95", percentile(sorted, 0.95));
            row.put("lookupMillisP99", percentile(sorted, 0.99));
            row.put("rpcsPerLookup", results.stream().mapToInt(LookupResult::queried).average().orElse(0));
            row.put("discovery100Millis", discovery);
            row.put("sizeEstimate", afterTen);
            row.put("sizeEstimateError", Math.abs(afterTen - nodes.size()) / (double) nodes.size());
            row.put("sizeEstimateMedianOfNodes", median);
            return row;
        } finally {
            transport.close();
        }
    }

    private List<LookupResult> lookups(List<DhtNode> nodes, Driver driver, List<Long> millis) {
        SplittableRandom random = new SplittableRandom(options.seed * 31 + 7);
        List<LookupResult> results = new ArrayList<>();
        for (int done = 0; done < options.lookups; done += CONCURRENCY) {
            List<CompletableFuture<LookupResult>> batch = new ArrayList<>();
            for (int i = done; i < Math.min(options.lookups, done + CONCURRENCY); i++) {
                DhtNode from = nodes.get(random.nextInt(nodes.size()));
                DhtNode target = nodes.get(random.nextInt(nodes.size()));
                while (target == from) {
                    target = nodes.get(random.nextInt(nodes.size()));
                }
                long start = driver.clock().nanoTime();
                batch.add(from.lookup(target.id()).whenComplete((r, e) ->
                        millis.add((driver.clock().nanoTime() - start) / 1_000_000)));
            }
            driver.await(CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)), Duration.ofMinutes(10));
            batch.forEach(f -> results.add(f.join()));
        }
        return results;
    }

    /** Time for {@code node} to find 100 distinct other nodes by random lookups, a few at a time. */
    private long discover100(DhtNode node, int networkSize, Driver driver) {
        int wanted = Math.min(100, networkSize - 1);
        SplittableRandom random = new SplittableRandom(options.seed * 17 + 3);
        Set<NodeId> found = new HashSet<>();
        long start = driver.clock().nanoTime();
        for (int round = 0; round < 100 && found.size() < wanted; round++) {
            List<CompletableFuture<LookupResult>> batch = new ArrayList<>();
            for (int i = 0; i < DISCOVERY_BATCH; i++) {
                batch.add(node.lookup(NodeId.random(random)));
            }
            driver.await(CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)), Duration.ofMinutes(5));
            batch.forEach(f -> f.join().closest().forEach(c -> found.add(c.id())));
        }
        return (driver.clock().nanoTime() - start) / 1_000_000;
    }

    /** The size estimate of {@code node} after ten more lookups of random ids: what a node that looked around knows. */
    private long sizeAfterTenLookups(DhtNode node, AdaptiveNode adaptive, Driver driver) {
        SplittableRandom random = new SplittableRandom(options.seed * 13 + 5);
        for (int i = 0; i < 10; i++) {
            driver.await(node.lookup(NodeId.random(random)), Duration.ofMinutes(5));
        }
        return adaptive.sizeEstimate();
    }

    /** Lets calls still in flight end (their timeouts and late answers belong to this run). */
    private static void settle(Driver driver, SimNetwork sim) {
        if (sim != null) {
            sim.runFor(Duration.ofSeconds(30));
        }
    }

    private static Map<String, Long> totals(List<DhtNode> nodes) {
        Map<String, Long> out = new java.util.TreeMap<>();
        nodes.forEach(n -> n.stats().snapshot().forEach((k, v) -> out.merge(k, v, Long::sum)));
        return out;
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String prefix) {
        long sum = 0;
        for (var e : after.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
        }
        return sum;
    }

    private static long percentile(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static long median(long[] values) {
        long[] known = java.util.Arrays.stream(values).filter(v -> v > 0).sorted().toArray();
        return known.length == 0 ? 0 : known[known.length / 2];
    }
}
