package io.cqkd.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqkd.app.scale.ScaleNetwork;
import io.cqkd.app.scale.ScaleOptions;
import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.GetResult;
import io.cqkd.dht.PutResult;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.wire.BString;
import io.cqkd.wire.MutableItems;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One run of the demo: network up, lookups, a BEP 44 put on one node and a get on another. */
final class DemoRun {
    private final ScaleOptions options;

    DemoRun(ScaleOptions options) {
        this.options = options;
    }

    int run(PrintStream out) throws Exception {
        long wallStart = System.nanoTime();
        try (ScaleNetwork network = new ScaleNetwork(options, DhtConfig.defaults())) {
            int joined = network.joinAll();
            List<LookupResult> lookups = network.randomLookups(options.lookups, network.nodes);
            long found = lookups.stream().filter(LookupResult::foundTarget).count();
            DhtNode writer = network.nodes.get(1);
            DhtNode reader = network.nodes.get(network.nodes.size() - 1);
            BString value = BString.utf8("hello from CQKD-DHT");
            PutResult put = network.driver.await(writer.putImmutable(value), Duration.ofSeconds(30));
            GetResult got = network.driver.await(reader.getImmutable(MutableItems.immutableTarget(value)),
                    Duration.ofSeconds(30));
            boolean ok = joined == options.workers && found == lookups.size() && value.equals(got.value());
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("workers", options.workers);
            summary.put("joined", joined);
            summary.put("networkMillis", network.bootstrapNanos / 1_000_000);
            summary.put("lookups", lookups.size());
            summary.put("found", found);
            summary.put("putAccepted", put.accepted());
            summary.put("getMatches", value.equals(got.value()));
            summary.put("wallMillis", (System.nanoTime() - wallStart) / 1_000_000);
            summary.put("ok", ok);
            if (options.json) {
                out.println(new ObjectMapper().writeValueAsString(summary));
            } else {
                out.printf("network: %d of %d workers joined on 127.0.0.1 in %d ms%n", joined, options.workers,
                        network.bootstrapNanos / 1_000_000);
                out.printf("lookups: %d of %d found their target%n", found, lookups.size());
                out.printf("BEP 44 put on %s: stored by %d of %d closest nodes; get from %s: %s%n",
                        writer.address(), put.accepted(), put.attempted(), reader.address(),
                        value.equals(got.value()) ? "same value back" : "MISMATCH");
                out.println(ok ? "demo OK" : "demo FAILED");
            }
            return ok ? 0 : 1;
        }
    }
}
