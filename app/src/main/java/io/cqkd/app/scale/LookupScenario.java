package io.cqkd.app.scale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.lookup.LookupResult;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cqkd scale-test lookup}: join N nodes from one seed, then look up random existing ids. */
@Command(name = "lookup", mixinStandardHelpOptions = true,
        description = "Bootstrap --workers nodes from one seed node, then run --lookups lookups of random existing ids.")
public final class LookupScenario implements Callable<Integer> {
    @Mixin
    ScaleOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        options.validate();
        ScaleReport report = run(options, DhtConfig.defaults());
        PrintWriter out = spec.commandLine().getOut();
        print(report, options.json, out);
        out.flush();
        return report.found() == report.lookups() && report.failedJoins() == 0 ? 0 : 1;
    }

    static ScaleReport run(ScaleOptions options, DhtConfig config) {
        long wallStart = System.nanoTime();
        try (ScaleNetwork network = new ScaleNetwork(options, config)) {
            int joined = network.joinAll();
            List<LookupResult> results = network.randomLookups(options.lookups, network.nodes);
            LookupFigures figures = LookupFigures.of(results);
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("packetsSent", network.transport.stats().sent());
            extra.put("packetsLost", network.transport.stats().lost());
            extra.put("meanQueriesPerLookup", figures.meanQueries());
            extra.put("meanSelfLookupMillis", network.joins.stream().filter(j -> j != null)
                    .mapToLong(j -> j.selfLookupNanos() / 1_000_000).average().orElse(0));
            extra.put("counters", network.totalCounters());
            double meanTable = network.meanRoutingTableSize();
            long heap = ProcessMemory.usedHeapAfterGc();
            return new ScaleReport("lookup", options.mode.name(), options.workers, options.lookups, figures.found(), figures.meanHops(),
                    figures.p99Hops(), network.bootstrapNanos / 1_000_000, (System.nanoTime() - wallStart) / 1_000_000, heap,
                    options.seed, options.loss, joined, options.workers - joined, meanTable, extra);
        }
    }

    static void print(ScaleReport r, boolean json, PrintWriter out) throws Exception {
        if (json) {
            out.println(new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
            return;
        }
        out.printf("scenario %s, mode %s: %d workers joined of %d in %d ms (%s time)%n", r.scenario(), r.mode(),
                r.joined(), r.workers(), r.bootstrapMillis(), r.mode().equals("sim") ? "virtual" : "wall");
        out.printf("lookups: %d of %d found their target, mean hops %.2f, p99 hops %d%n", r.found(), r.lookups(),
                r.meanHops(), r.p99Hops());
        out.printf("routing table: %.1f nodes on average; heap %d MiB; wall time %d ms%n", r.meanRoutingTableSize(),
                r.heapBytes() >> 20, r.wallMillis());
    }
}
