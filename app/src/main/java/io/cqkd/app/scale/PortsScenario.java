package io.cqkd.app.scale;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqkd.phases.ports.PortAllocation;
import io.cqkd.phases.ports.PortAllocationException;
import io.cqkd.phases.ports.PortListener;
import io.cqkd.phases.ports.PortPlan;
import io.cqkd.phases.ports.PortRegistry;
import io.cqkd.transport.UdpTransport;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cqkd scale-test ports}: phase 1 under load. Holds {@code --occupied} ports of the range
 * with other sockets first (spread over the range, so some are workers' preferred ports), then
 * allocates a port for each of {@code --workers} workers concurrently in this JVM, with
 * {@code --regions} regions sharing the range.
 */
@Command(name = "ports", mixinStandardHelpOptions = true,
        description = "Allocate a UDP port for each of --workers workers at once, with --occupied ports already taken.")
public final class PortsScenario implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ScaleOptions options;

    @Option(names = "--occupied", defaultValue = "0", description = "Ports of the range held by other sockets first (default: ${DEFAULT-VALUE}).")
    int occupied;

    @Option(names = "--regions", defaultValue = "1", description = "Regions sharing the range, one slice each (default: ${DEFAULT-VALUE}).")
    int regions;

    @Option(names = "--port-range", defaultValue = "7000-7999", description = "The range (default: ${DEFAULT-VALUE}).")
    String portRange;

    @Option(names = "--threads", defaultValue = "8", description = "Threads allocating at once (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--warmup", defaultValue = "300", description = "Allocations made and released before measuring, so that"
            + " class loading and the JIT compiler do not count (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Override
    public Integer call() throws Exception {
        options.validate();
        String[] bounds = portRange.split("-");
        PortPlan whole = new PortPlan(Integer.parseInt(bounds[0].trim()), Integer.parseInt(bounds[1].trim()), List.of());
        if (occupied < 0 || occupied > whole.size()) {
            throw new IllegalArgumentException("--occupied must be in [0, " + whole.size() + "], got " + occupied);
        }
        if (regions < 1 || regions > whole.size()) {
            throw new IllegalArgumentException("--regions must be in [1, " + whole.size() + "], got " + regions);
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("--threads must be in [1, 256], got " + threads);
        }
        Map<String, Object> report = run(whole);
        if (options.json) {
            spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(report));
        } else {
            print(report, spec.commandLine().getOut());
        }
        return (int) report.get("conflicts") == 0 ? 0 : 1;
    }

    private Map<String, Object> run(PortPlan whole) throws Exception {
        long wallStart = System.nanoTime();
        List<String> regionNames = new ArrayList<>();
        for (int r = 1; r <= regions; r++) {
            regionNames.add(regions == 1 ? "default" : "region-" + r);
        }
        PortPlan plan = new PortPlan(whole.first(), whole.last(), regions == 1 ? List.of() : regionNames);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        List<DatagramSocket> holders = new ArrayList<>();
        Set<Integer> occupiedPorts = new HashSet<>();
        for (int i = 0; i < occupied; i++) {
            int port = plan.first() + (int) ((long) i * plan.size() / occupied);
            occupiedPorts.add(port);
            try {
                holders.add(new DatagramSocket(new InetSocketAddress(loopback, port)));
            } catch (IOException e) {
                // already held by another program: occupied all the same
            }
        }
        List<PortAllocation> allocated = Collections.synchronizedList(new ArrayList<>());
        Map<String, Integer> failures = new TreeMap<>();
        try (UdpTransport transport = new UdpTransport(2, 64 * 1024)) {
            PortRegistry registry = new PortRegistry(transport, loopback, plan, () -> true, plan.first(), PortListener.NONE);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            warmUp(registry, plan, pool);
            List<Future<PortAllocation>> futures = new ArrayList<>();
            for (int w = 0; w < options.workers; w++) {
                String region = regionNames.get(w % regions);
                int preferred = plan.first() + Math.floorMod(w / regions, plan.size()); // each region numbers its workers from 1
                futures.add(pool.submit(() -> registry.allocate(preferred, region, (f, p, t) -> { })));
            }
            for (Future<PortAllocation> f : futures) {
                try {
                    allocated.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    String reason = e.getCause() instanceof PortAllocationException p ? p.outcome().label() : "error";
                    failures.merge(reason, 1, Integer::sum);
                }
            }
            pool.shutdown();
            Set<Integer> distinct = new HashSet<>();
            int conflicts = 0;
            for (PortAllocation a : allocated) {
                if (!distinct.add(a.port()) || occupiedPorts.contains(a.port())) {
                    conflicts++;
                }
            }
            long[] micros = allocated.stream().mapToLong(a -> a.nanos() / 1_000).sorted().toArray();
            Map<String, Integer> perRegion = new TreeMap<>();
            Map<String, Integer> outcomes = new TreeMap<>();
            for (PortAllocation a : allocated) {
                perRegion.merge(plan.regionOf(a.port()), 1, Integer::sum);
                outcomes.merge(a.outcome().label(), 1, Integer::sum);
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("scenario", "ports");
            report.put("mode", "udp");
            report.put("workers", options.workers);
            report.put("lookups", 0);
            report.put("found", 0);
            report.put("meanHops", 0.0);
            report.put("p99Hops", 0);
            report.put("bootstrapMillis", 0);
            report.put("wallMillis", (System.nanoTime() - wallStart) / 1_000_000);
            report.put("heapBytes", ProcessMemory.usedHeapAfterGc());
            report.put("portRange", plan.toString());
            report.put("occupied", occupied);
            report.put("warmup", warmup);
            report.put("threads", threads);
            report.put("regions", regions);
            report.put("allocated", allocated.size());
            report.put("failed", failures.values().stream().mapToInt(Integer::intValue).sum());
            report.put("failures", failures);
            report.put("conflicts", conflicts);
            report.put("outcomes", outcomes);
            report.put("allocationP50Micros", percentile(micros, 0.50));
            report.put("allocationP99Micros", percentile(micros, 0.99));
            report.put("allocationMaxMicros", micros.length == 0 ? 0 : micros[micros.length - 1]);
            report.put("perRegion", perRegion);
            report.put("maxOverMinPerRegion", perRegion.isEmpty() ? 0.0
                    : (double) Collections.max(perRegion.values()) / Collections.min(perRegion.values()));
            for (PortAllocation a : allocated) {
                a.endpoint().close();
            }
            return report;
        } finally {
            holders.forEach(DatagramSocket::close);
        }
    }

    /** Allocates and releases {@code --warmup} ports with the same threads, before anything is measured. */
    private void warmUp(PortRegistry registry, PortPlan plan, ExecutorService pool) throws Exception {
        List<Future<PortAllocation>> warm = new ArrayList<>();
        for (int i = 0; i < Math.min(warmup, plan.size()); i++) {
            int preferred = plan.first() + i;
            warm.add(pool.submit(() -> registry.allocate(preferred, "default", (f, p, t) -> { })));
        }
        for (Future<PortAllocation> f : warm) {
            try {
                PortAllocation a = f.get();
                a.endpoint().close().get();
                registry.release(a.port());
            } catch (java.util.concurrent.ExecutionException e) {
                // an occupied range is fine for warming up
            }
        }
    }

    private static long percentile(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static void print(Map<String, Object> r, PrintWriter out) {
        out.printf("ports %s: %s allocated, %s failed %s, %s conflicts (occupied first: %s)%n", r.get("portRange"),
                r.get("allocated"), r.get("failed"), r.get("failures"), r.get("conflicts"), r.get("occupied"));
        out.printf("allocation p50 %s µs, p99 %s µs, max %s µs; outcomes %s%n", r.get("allocationP50Micros"),
                r.get("allocationP99Micros"), r.get("allocationMaxMicros"), r.get("outcomes"));
        out.printf("per region %s (max/min %.2f)%n", r.get("perRegion"), (double) r.get("maxOverMinPerRegion"));
    }

}
