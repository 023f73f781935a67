package io.cqkd.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.cluster.BlockingDriver;
import io.cqkd.dht.cluster.Cluster;
import io.cqkd.keygen.AliceService;
import io.cqkd.keygen.BobService;
import io.cqkd.keygen.Disclosure;
import io.cqkd.keygen.KeyResult;
import io.cqkd.keygen.KeygenException;
import io.cqkd.keygen.KeygenOptions;
import io.cqkd.keygen.WorkerService;
import io.cqkd.keygen.channel.AuthenticatedChannel;
import io.cqkd.keygen.channel.ChannelKeys;
import io.cqkd.transport.UdpTransport;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** One run of the demo: an embedded network on 127.0.0.1, one key, a summary. */
final class DemoRun {
    /** Workers per worker node holding leases at once: the protocol's default. */
    private static final int MAX_CONCURRENT_ROLES = 4;

    private final KeygenOptions options;
    private final int workers;
    private final boolean expectAbort;
    private final boolean json;

    DemoRun(KeygenOptions options, int workers, boolean expectAbort, boolean json) {
        this.options = options;
        this.workers = workers;
        this.expectAbort = expectAbort;
        this.json = json;
    }

    int run(PrintWriter out) throws Exception {
        SecureRandom seeds = new SecureRandom();
        SplittableRandom random = new SplittableRandom(seeds.nextLong());
        try (UdpTransport transport = new UdpTransport()) {
            Cluster cluster = new Cluster(transport, new BlockingDriver(), seeds.nextLong());
            long networkStart = System.nanoTime();
            List<DhtNode> nodes = cluster.startNodes(workers + 3, DhtConfig.defaults(),
                    i -> new InetSocketAddress("127.0.0.1", 0));
            DhtNode seed = nodes.get(0);
            DhtNode aliceNode = nodes.get(1);
            DhtNode bobNode = nodes.get(2);
            for (DhtNode w : nodes.subList(3, nodes.size())) {
                w.scheduler().execute(() -> new WorkerService(w, random.split(), MAX_CONCURRENT_ROLES));
            }
            // The demo wires the channel itself: fresh identities, each end told the other's public key.
            ChannelKeys[] keys = ChannelKeys.pair(new SecureRandom());
            AuthenticatedChannel bobChannel = AuthenticatedChannel.of(keys[1]);
            AuthenticatedChannel aliceChannel = AuthenticatedChannel.of(keys[0]);
            bobChannel.warmUp(); // here, not on a node loop
            CompletableFuture<BobService> bob = onLoop(bobNode, () -> new BobService(bobNode, bobChannel));
            CompletableFuture<AliceService> alice = onLoop(aliceNode, () -> new AliceService(aliceNode,
                    bobNode.contact(), aliceChannel, random.split()));
            List<DhtNode> joiners = nodes.subList(1, nodes.size());
            var joins = cluster.joinAll(joiners, List.of(seed.address()), 256);
            waitWithProgress(joiners, joins);
            long joined = joins.join().stream().filter(j -> j != null).count();
            long networkMillis = (System.nanoTime() - networkStart) / 1_000_000;

            long keygenStart = System.nanoTime();
            KeyResult result = null;
            String failure = null;
            try {
                result = alice.join().generate(options).get(options.deadline().toSeconds() + 30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                failure = e.getCause() instanceof KeygenException k ? k.getMessage() : String.valueOf(e.getCause());
            }
            long keygenMillis = (System.nanoTime() - keygenStart) / 1_000_000;
            List<Integer> bobKey = result == null ? null
                    : bob.join().keyOf(result.processId()).get(10, java.util.concurrent.TimeUnit.SECONDS);
            boolean match = result != null && !result.aborted() && result.aliceKey().equals(bobKey);

            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("keyBits", options.keyBits());
            summary.put("aliceKeyHex", result == null || result.aborted() ? null : result.keyHex());
            summary.put("bobKeyHex", bobKey == null ? null : KeyResult.toHex(bobKey));
            summary.put("match", match);
            summary.put("qber", result == null ? null : result.qber());
            summary.put("aborted", result == null || result.aborted());
            summary.put("abortReason", result == null ? failure : result.abortReason());
            summary.put("workers", result == null ? 0 : result.workers());
            summary.put("operations", result == null ? 0 : result.operations());
            summary.put("rounds", result == null ? 0 : result.rounds());
            summary.put("sampleBits", result == null ? 0 : result.sampleBits());
            summary.put("correctedBits", result == null ? 0 : result.corrected());
            Disclosure disclosure = result == null ? null : result.disclosure();
            summary.put("reconciledBits", disclosure == null ? 0 : disclosure.reconciledBits());
            summary.put("disclosedBits", disclosure == null ? 0 : disclosure.disclosedBits());
            summary.put("parityBits", disclosure == null ? 0 : disclosure.parityBits());
            summary.put("confirmationBits", disclosure == null ? 0 : disclosure.confirmationBits());
            summary.put("marginBits", disclosure == null ? 0 : disclosure.marginBits());
            summary.put("networkNodes", nodes.size());
            summary.put("networkJoined", joined + 1);
            summary.put("networkMillis", networkMillis);
            summary.put("keygenMillis", keygenMillis);
            summary.put("noise", options.channel().noise());
            summary.put("eavesdropper", options.channel().eavesdropper());
            boolean ok = expectAbort ? result != null && result.aborted() : match;
            if (json) {
                out.println(new ObjectMapper().writeValueAsString(summary));
            } else {
                out.printf("network: %d nodes on 127.0.0.1 (%d workers, a bootstrap node, Alice, Bob), joined in %d ms%n",
                        nodes.size(), workers, networkMillis);
                if (result == null) {
                    out.printf("key generation failed: %s%n", failure);
                } else if (result.aborted()) {
                    out.printf("key generation ABORTED after %d ms: %s (QBER %.1f %% on %d disclosed bits)%n",
                            keygenMillis, result.abortReason(), 100 * result.qber(), result.sampleBits());
                } else {
                    out.printf("key: %d bits in %d ms, %d operations, %d workers, %d round(s), QBER %.1f %% on %d disclosed bits, %d bits corrected%n",
                            result.keyBits(), keygenMillis, result.operations(), result.workers(), result.rounds(),
                            100 * result.qber(), result.sampleBits(), result.corrected());
                    out.printf("privacy amplification: %d reconciled bits less %d disclosed (%d parities, %d-bit tag) and a"
                            + " %d-bit margin -> %d-bit key%n", disclosure.reconciledBits(), disclosure.disclosedBits(),
                            disclosure.parityBits(), disclosure.confirmationBits(), disclosure.marginBits(), result.keyBits());
                    out.printf("Alice: %s%nBob:   %s%n%s%n", result.keyHex(), KeyResult.toHex(bobKey),
                            match ? "keys match" : "KEYS DIFFER");
                }
            }
            cluster.close();
            return ok ? 0 : 1;
        }
    }

    private static <T> CompletableFuture<T> onLoop(DhtNode node, java.util.function.Supplier<T> action) {
        CompletableFuture<T> f = new CompletableFuture<>();
        node.scheduler().execute(() -> f.complete(action.get()));
        return f;
    }

    /** A progress bar on a terminal while the network comes up. */
    private void waitWithProgress(List<DhtNode> joiners, CompletableFuture<?> joins) throws InterruptedException {
        if (json || System.console() == null) {
            joins.join();
            return;
        }
        AtomicInteger ready = new AtomicInteger();
        joiners.forEach(n -> n.ready().whenComplete((r, e) -> ready.incrementAndGet()));
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("network").setInitialMax(joiners.size())
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .build()) {
            while (!joins.isDone()) {
                bar.stepTo(ready.get());
                try {
                    joins.get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException ignored) {
                    // keep drawing until every join is done
                }
            }
            bar.stepTo(joiners.size());
        }
    }

}
