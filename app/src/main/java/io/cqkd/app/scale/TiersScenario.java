package io.cqkd.app.scale;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqkd.dht.BootstrapResult;
import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.cluster.BlockingDriver;
import io.cqkd.dht.cluster.Cluster;
import io.cqkd.dht.cluster.Driver;
import io.cqkd.dht.cluster.SimDriver;
import io.cqkd.phases.bootstrap.BootstrapService;
import io.cqkd.phases.bootstrap.BootstrapTier;
import io.cqkd.phases.bootstrap.TieredJoin;
import io.cqkd.transport.Transport;
import io.cqkd.transport.UdpTransport;
import io.cqkd.transport.sim.SimNetwork;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cqkd scale-test tiers}: phase 2. Super and regional bootstrap nodes, then workers of the
 * regions joining through them at once; {@code --kill-bootstrap K} bootstrap nodes are killed while
 * the workers join. Measures joins, the time until all are done, and how evenly the bootstrap nodes
 * were loaded.
 */
@Command(name = "tiers", mixinStandardHelpOptions = true,
        description = "Workers join through super and regional bootstrap nodes; optionally kill some during the joins.")
public final class TiersScenario implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ScaleOptions options;

    @Option(names = "--super", defaultValue = "2", description = "Super bootstrap nodes (default: ${DEFAULT-VALUE}).")
    int supers;

    @Option(names = "--regional", defaultValue = "4", description = "Regional bootstrap nodes, two per region (default: ${DEFAULT-VALUE}).")
    int regionals;

    @Option(names = "--kill-bootstrap", defaultValue = "0", description = "Bootstrap nodes killed while the workers join (default: ${DEFAULT-VALUE}).")
    int kill;

    @Override
    public Integer call() throws Exception {
        options.validate();
        if (supers < 1 || regionals < 0 || kill < 0 || kill >= supers + regionals) {
            throw new IllegalArgumentException("need --super >= 1, --regional >= 0 and --kill-bootstrap below the"
                    + " number of bootstrap nodes");
        }
        Map<String, Object> report = run();
        if (options.json) {
            spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(report));
        } else {
            spec.commandLine().getOut().printf("tiers: %s of %s workers joined (%s failed) in %s ms; load per bootstrap node %s,"
                            + " max/mean %.2f; failovers %s%n", report.get("joined"), options.workers,
                    report.get("failed"), report.get("joinMillis"), report.get("servedPerBootstrapNode"),
                    (double) report.get("maxOverMeanLoad"), report.get("failovers"));
        }
        return (int) report.get("failed") == 0 ? 0 : 1;
    }

    private Map<String, Object> run() {
        long wallStart = System.nanoTime();
        boolean sim = options.mode == ScaleOptions.Mode.sim;
        SimNetwork network = sim ? new SimNetwork(options.seed) : null;
        Transport transport = sim ? network : new UdpTransport();
        Driver driver = sim ? new SimDriver(network) : new BlockingDriver();
        InetSocketAddress any = sim ? null : new InetSocketAddress("127.0.0.1", 0);
        Cluster cluster = new Cluster(transport, driver, options.seed);
        try {
            int regions = Math.max(1, (regionals + 1) / 2);
            List<DhtNode> tiers = cluster.startNodes(supers + regionals, DhtConfig.defaults(), i -> any);
            List<BootstrapService> services = new ArrayList<>();
            for (int i = 0; i < tiers.size(); i++) {
                DhtNode node = tiers.get(i);
                boolean isSuper = i < supers;
                String region = isSuper ? "any" : "region-" + (1 + (i - supers) % regions);
                CompletableFuture<BootstrapService> created = new CompletableFuture<>();
                List<InetSocketAddress> superAddresses = tiers.subList(0, supers).stream().map(DhtNode::address).toList();
                node.scheduler().execute(() -> created.complete(new BootstrapService(node,
                        isSuper ? BootstrapTier.SUPER : BootstrapTier.REGIONAL, region, isSuper ? 500 : 250,
                        isSuper ? List.of() : superAddresses)));
                services.add(driver.await(created, Duration.ofSeconds(10)));
            }
            tiers.get(0).startNewNetwork();
            driver.await(cluster.joinAll(tiers.subList(1, tiers.size()), List.of(tiers.get(0).address()), 16),
                    Duration.ofMinutes(10));
            List<InetSocketAddress> addresses = tiers.stream().map(DhtNode::address).toList();
            List<DhtNode> workers = cluster.startNodes(options.workers, DhtConfig.defaults(), i -> any);
            SplittableRandom random = new SplittableRandom(options.seed);
            long start = driver.clock().nanoTime();
            List<CompletableFuture<BootstrapResult>> joins = new ArrayList<>();
            for (int i = 0; i < workers.size(); i++) {
                DhtNode w = workers.get(i);
                String region = "region-" + (1 + i % regions);
                long seed = random.nextLong();
                w.scheduler().execute(() -> BootstrapService.acceptPromotion(w, addresses));
                // TieredJoin goes through the node's thread-safe API: it may start from this thread.
                joins.add(new TieredJoin(w, region, new SplittableRandom(seed)).join(addresses));
            }
            List<Integer> killed = new ArrayList<>();
            if (kill > 0) {
                if (sim) {
                    network.runFor(Duration.ofMillis(300));
                }
                // Regional nodes first (the case that matters), then super nodes; never the founder.
                for (int i = tiers.size() - 1; i >= 1 && killed.size() < kill; i--) {
                    if (sim) {
                        network.crash(tiers.get(i).address());
                    } else {
                        tiers.get(i).stop();
                    }
                    killed.add(i);
                }
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(joins.stream()
                    .map(j -> j.exceptionally(e -> null)).toArray(CompletableFuture[]::new));
            driver.await(all, Duration.ofHours(1));
            long joinNanos = driver.clock().nanoTime() - start;
            if (kill > 0 && sim) {
                network.runFor(Duration.ofSeconds(40)); // the super nodes notice and promote standbys
            }
            int failed = (int) joins.stream().filter(CompletableFuture::isCompletedExceptionally).count();
            List<Long> servedLive = new ArrayList<>();
            List<Long> servedAll = new ArrayList<>();
            for (int i = 0; i < services.size(); i++) {
                servedAll.add(services.get(i).served());
                if (!killed.contains(i)) {
                    servedLive.add(services.get(i).served());
                }
            }
            double mean = servedLive.stream().mapToLong(Long::longValue).average().orElse(0);
            long max = servedLive.stream().mapToLong(Long::longValue).max().orElse(0);
            long failovers = workers.stream().mapToLong(w -> w.stats().get("bootstrap.failover")).sum();
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("scenario", "tiers");
            report.put("mode", options.mode.name());
            report.put("workers", options.workers);
            report.put("lookups", 0);
            report.put("found", 0);
            report.put("meanHops", 0.0);
            report.put("p99Hops", 0);
            report.put("bootstrapMillis", joinNanos / 1_000_000);
            report.put("wallMillis", (System.nanoTime() - wallStart) / 1_000_000);
            report.put("heapBytes", ProcessMemory.usedHeapAfterGc());
            report.put("seed", options.seed);
            report.put("joined", options.workers - failed);
            report.put("failed", failed);
            report.put("joinMillis", joinNanos / 1_000_000);
            report.put("servedPerBootstrapNode", servedAll);
            report.put("killedBootstrapNodes", killed.size());
            report.put("maxOverMeanLoad", mean == 0 ? 0.0 : max / mean);
            report.put("failovers", failovers);
            report.put("promotions", services.stream().mapToLong(BootstrapService::promotions).sum());
            return report;
        } finally {
            cluster.close();
            transport.close();
        }
    }
}
