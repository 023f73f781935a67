package io.cqkd.app.scale;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.NodeEvents;
import io.cqkd.dht.async.OnLoop;
import io.cqkd.dht.lookup.LookupPurpose;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.dht.routing.RoutingEntry;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * One row of {@code scale-test refresh}: a network under churn for {@code minutes}, sampled every
 * minute after a warm-up of {@link #WARM_UP}: entries pointing at departed nodes, entry ages, and
 * lookups of live nodes; refresh calls against all calls; and, with a partition, how long after the
 * heal lookups across the cut succeed again.
 */
final class RefreshRun {
    /** Before it, the tables are still those of the join: samples would measure the join, not the refresh. */
    static final Duration WARM_UP = Duration.ofMinutes(10);
    static final Duration SAMPLE_EVERY = Duration.ofMinutes(1);
    /** Lookups of live nodes per sample. */
    static final int LOOKUPS_PER_SAMPLE = 20;
    /** After a heal, lookups across the cut are tried this often until they all succeed. */
    static final Duration RECOVERY_PROBE_EVERY = Duration.ofSeconds(5);

    private final ChurnNetwork network;
    private final int workers;
    private final double churn;
    private final Duration minutes;
    private final Duration partitionAt;
    private final Duration healAt;
    private final double lookupRate;
    private final SplittableRandom random;
    private final AtomicLong refreshRpcs;
    private final java.util.function.LongSupplier silentPings;
    private final List<Double> staleSamples = new ArrayList<>();
    /** Entry ages sampled, in one-second bins up to an hour (the last bin: older). */
    private final long[] ageSeconds = new long[3_601];
    private int lookups;
    private int found;
    private Set<InetSocketAddress> sideA = Set.of();

    /**
     * {@code refreshRpcs}: calls of the refresh lookups of every node, counted by {@link #countRefreshes};
     * {@code silentPings}: phase 5's pings of entries gone quiet and of peers that left lately (0 for
     * the fixed policy, which has none).
     */
    RefreshRun(ChurnNetwork network, int workers, double churn, Duration minutes, Duration partitionAt, Duration healAt,
               double lookupRate, long seed, AtomicLong refreshRpcs, java.util.function.LongSupplier silentPings) {
        this.silentPings = silentPings;
        this.lookupRate = lookupRate;
        this.network = network;
        this.workers = workers;
        this.churn = churn;
        this.minutes = minutes;
        this.partitionAt = partitionAt;
        this.healAt = healAt;
        this.random = new SplittableRandom(seed * 31 + 7);
        this.refreshRpcs = refreshRpcs;
    }

    /** Counts the calls of {@code node}'s refresh lookups into {@code total}; call before it joins. */
    static void countRefreshes(DhtNode node, AtomicLong total) {
        node.control().subscribe(new NodeEvents() {
            @Override
            public void lookupDone(LookupPurpose purpose, LookupResult result) {
                if (purpose == LookupPurpose.REFRESH) {
                    total.addAndGet(result.queried());
                }
            }
        });
    }

    Map<String, Object> run(String policy) {
        int joined = network.start(workers + 1);
        long start = network.now();
        long rpcsAtWarmUp = 0;
        long refreshAtWarmUp = 0;
        long pingsAtWarmUp = 0;
        Long recoveryNanos = null;
        long healedAt = -1;
        // Churn F per 10 minutes, spread evenly: F × N / 10 leave and as many arrive every minute.
        double perMinute = churn * workers / 10;
        double owed = 0;
        for (long minute = 1; minute <= minutes.toMinutes(); minute++) {
            owed += perMinute;
            for (; owed >= 1; owed--) {
                replaceOne();
            }
            if (partitionAt != null && minute == partitionAt.toMinutes()) {
                cut();
            }
            if (healAt != null && minute == healAt.toMinutes()) {
                network.heal();
                healedAt = network.now();
                recoveryNanos = recover(healedAt);
            }
            workload();
            network.advance(SAMPLE_EVERY);
            long elapsed = network.now() - start;
            if (elapsed >= WARM_UP.toNanos() && rpcsAtWarmUp == 0) {
                rpcsAtWarmUp = allRpcs();
                refreshAtWarmUp = refreshRpcs.get();
                pingsAtWarmUp = silentPings.getAsLong();
            }
            if (elapsed >= WARM_UP.toNanos() && (partitionAt == null || minute < partitionAt.toMinutes()
                    || minute >= healAt.toMinutes())) {
                sample();
            }
        }
        long rpcs = allRpcs() - rpcsAtWarmUp;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("policy", policy);
        row.put("joined", joined);
        row.put("nodesStarted", network.all().size());
        row.put("staleFraction", staleSamples.stream().mapToDouble(d -> d).average().orElse(0));
        row.put("freshnessP99Seconds", quantileSeconds(0.99));
        row.put("freshnessP50Seconds", quantileSeconds(0.5));
        long lookupCalls = refreshRpcs.get() - refreshAtWarmUp;
        long pingCalls = silentPings.getAsLong() - pingsAtWarmUp;
        // Every call the refresh policy made: its lookups and, for phase 5, its pings (quiet entries, leavers).
        row.put("refreshRpcShare", rpcs == 0 ? 0.0 : (double) (lookupCalls + pingCalls) / rpcs);
        row.put("refreshLookupRpcShare", rpcs == 0 ? 0.0 : (double) lookupCalls / rpcs);
        row.put("silentPingShare", rpcs == 0 ? 0.0 : (double) pingCalls / rpcs);
        row.put("rpcsPerNodePerSecond", (double) rpcs / (workers + 1) / Math.max(1, (network.now() - start
                - WARM_UP.toNanos()) / 1e9));
        row.put("lookups", lookups);
        row.put("lookupSuccess", lookups == 0 ? 0.0 : (double) found / lookups);
        row.put("recoverySeconds", healedAt < 0 ? null : recoveryNanos == null ? -1.0 : recoveryNanos / 1e9);
        return row;
    }

    /**
     * The network's own work for the coming minute: each live node looks up {@code lookupRate} random
     * ids, started at random moments of the minute; not awaited (they finish while time passes).
     */
    private void workload() {
        List<DhtNode> live = List.copyOf(network.live());
        double owed = lookupRate * live.size();
        for (int i = 0; i < (int) owed + (random.nextDouble() < owed % 1 ? 1 : 0); i++) {
            DhtNode node = live.get(random.nextInt(live.size()));
            NodeId target = NodeId.random(random);
            long delayMillis = random.nextLong(SAMPLE_EVERY.toMillis());
            node.scheduler().schedule(Duration.ofMillis(delayMillis), () -> {
                if (!node.isStopped()) {
                    node.lookup(target);
                }
            });
        }
    }

    private void replaceOne() {
        List<DhtNode> live = network.live();
        DhtNode leaver = live.get(1 + random.nextInt(live.size() - 1)); // the founder stays: the joiners' last resort
        network.leave(leaver);
        network.arrive(live.get(random.nextInt(live.size())));
    }

    /** A third of the live nodes on one side of a cut. */
    private void cut() {
        Set<InetSocketAddress> a = new HashSet<>();
        for (DhtNode n : network.live()) {
            if (random.nextInt(3) == 0) {
                a.add(n.address());
            }
        }
        sideA = a;
        network.partition(a::contains);
    }

    /** Time from the heal until a round of lookups across the cut all find their target; null if not within 10 minutes. */
    private Long recover(long healedAt) {
        while (network.now() - healedAt < Duration.ofMinutes(10).toNanos()) {
            network.advance(RECOVERY_PROBE_EVERY);
            if (crossLookupsAllFound()) {
                return network.now() - healedAt;
            }
        }
        return null;
    }

    private boolean crossLookupsAllFound() {
        List<DhtNode> a = network.live().stream().filter(n -> sideA.contains(n.address())).toList();
        List<DhtNode> b = network.live().stream().filter(n -> !sideA.contains(n.address())).toList();
        if (a.isEmpty() || b.isEmpty()) {
            return true;
        }
        List<CompletableFuture<LookupResult>> probes = new ArrayList<>();
        List<NodeId> targets = new ArrayList<>();
        for (int i = 0; i < LOOKUPS_PER_SAMPLE; i++) {
            boolean fromA = i % 2 == 0;
            DhtNode from = (fromA ? a : b).get(random.nextInt((fromA ? a : b).size()));
            DhtNode to = (fromA ? b : a).get(random.nextInt((fromA ? b : a).size()));
            targets.add(to.id());
            probes.add(from.lookup(to.id()));
        }
        List<LookupResult> results = network.driver().await(CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new))
                .thenApply(v -> probes.stream().map(CompletableFuture::join).toList()), Duration.ofMinutes(5));
        return results.stream().allMatch(LookupResult::foundTarget);
    }

    /** Stale entries and ages over every live node's table, and lookups of live nodes. */
    private void sample() {
        long stale = 0;
        long entries = 0;
        for (DhtNode node : network.live()) {
            List<long[]> seen = network.driver().await(OnLoop.get(node.scheduler(), () -> {
                List<long[]> out = new ArrayList<>();
                long now = node.clock().nanoTime();
                for (List<RoutingEntry> bucket : node.routingTable().bucketsSnapshot().values()) {
                    for (RoutingEntry e : bucket) {
                        out.add(new long[] {network.departed(e.address()) ? 1 : 0, now - e.lastActivityNanos()});
                    }
                }
                return out;
            }), Duration.ofSeconds(10));
            for (long[] s : seen) {
                stale += s[0];
                entries++;
                ageSeconds[(int) Math.min(ageSeconds.length - 1, Math.max(0, s[1] / 1_000_000_000L))]++;
            }
        }
        staleSamples.add(entries == 0 ? 0 : (double) stale / entries);
        List<DhtNode> live = network.live();
        List<CompletableFuture<LookupResult>> probes = new ArrayList<>();
        for (int i = 0; i < LOOKUPS_PER_SAMPLE; i++) {
            int from = random.nextInt(live.size());
            int to = (from + 1 + random.nextInt(live.size() - 1)) % live.size(); // never itself
            probes.add(live.get(from).lookup(live.get(to).id()));
        }
        for (LookupResult r : network.driver().await(CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new))
                .thenApply(v -> probes.stream().map(CompletableFuture::join).toList()), Duration.ofMinutes(5))) {
            lookups++;
            found += r.foundTarget() ? 1 : 0;
        }
    }

    private long allRpcs() {
        return network.all().stream().mapToLong(n -> n.stats().sum("rpc.sent.")).sum();
    }

    private double quantileSeconds(double q) {
        long total = 0;
        for (long n : ageSeconds) {
            total += n;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int s = 0; s < ageSeconds.length; s++) {
            seen += ageSeconds[s];
            if (seen >= rank && total > 0) {
                return s;
            }
        }
        return 0;
    }
}
