package io.cqkd.dht;

import io.cqkd.dht.async.Backoff;
import io.cqkd.dht.async.OnLoop;
import io.cqkd.dht.lookup.LookupPurpose;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.wire.BDict;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * How a node joins a network: it pings the bootstrap addresses (patiently, with backoff), looks up
 * its own id (again while the network around it is still forming), is then ready, and finally
 * refreshes the buckets its refresh policy names so that its table covers the whole id space.
 * Confined to the node's loop.
 */
final class Join {
    /** Bound on the self-lookups of one join while the network around us is still forming. */
    private static final int MAX_SELF_LOOKUPS = 6;

    private final NodeContext node;
    private final OutboundCalls calls;
    private final Lookups lookups;
    private final BucketRefresher refresher;
    private final CompletableFuture<LookupResult> ready = new CompletableFuture<>();
    /** The addresses of the first join, for a re-join of last resort. */
    private List<InetSocketAddress> firstSeeds = List.of();

    Join(NodeContext node, OutboundCalls calls, Lookups lookups, BucketRefresher refresher) {
        this.node = node;
        this.calls = calls;
        this.lookups = lookups;
        this.refresher = refresher;
    }

    /** Completes once the first join's own-id lookup is done: the node can serve and route from then on. */
    CompletableFuture<LookupResult> ready() {
        return ready;
    }

    List<InetSocketAddress> firstSeeds() {
        return firstSeeds;
    }

    /** This node founds a new network (a bootstrap node with no one to join): it is ready at once. */
    void startNewNetwork() {
        ready.complete(new LookupResult(node.id, List.of(), Map.of(), 0, 0, 0, false, 0, 0, 0, 0));
    }

    CompletableFuture<BootstrapResult> bootstrap(List<InetSocketAddress> seeds) {
        if (firstSeeds.isEmpty()) {
            firstSeeds = List.copyOf(seeds);
        }
        long start = node.now();
        List<CompletableFuture<Boolean>> pings = new ArrayList<>();
        for (InetSocketAddress seed : seeds) {
            Duration firstTimeout = node.policies().callTiming().stallTimeout(seed, "ping");
            pings.add(pingPatiently(seed, 0, new Backoff(firstTimeout, Backoff.NO_MAX, 0, 1)));
        }
        return CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new)).<BootstrapResult>thenCompose(v -> {
            int answered = (int) pings.stream().filter(CompletableFuture::join).count();
            if (answered == 0 && node.table.closest(node.id, 1, node.now()).isEmpty()) {
                throw new BootstrapException("none of the " + seeds.size() + " bootstrap nodes answered " + seeds
                        + " and the routing table has no live node");
            }
            Backoff pauses = new Backoff(node.config.lookupStallTimeout().dividedBy(20), Backoff.NO_MAX, 1, 2);
            return selfLookup(0, pauses, -1).thenCompose(self -> {
                long selfLookupNanos = node.now() - start;
                ready.complete(self);
                return refresher.refreshAll(node.policies().refresh().afterJoin(node.table, node.now()),
                        node.config.bootstrapParallelism()).thenApply(refreshed -> new BootstrapResult(answered,
                        node.table.size(), selfLookupNanos, node.now() - start, refreshed, self));
            });
        }).whenComplete((result, error) -> node.stats.bootstrapDone(error == null, node.now() - start));
    }

    /**
     * Pings a bootstrap address until it answers or {@code bootstrapAttempts} calls failed, each
     * waiting twice as long as the one before, after a pause jittered up to the last timeout, so that
     * nodes started together do not retry together (a seed that dropped a burst of pings is not hit by
     * the same burst again).
     */
    private CompletableFuture<Boolean> pingPatiently(InetSocketAddress seed, int attempt, Backoff timeouts) {
        CompletableFuture<Boolean> answered = new CompletableFuture<>();
        calls.send(seed, null, "ping", node.withOurId(BDict.builder()), timeouts.base(attempt)).whenComplete((r, e) -> {
            if (e == null) {
                answered.complete(true);
            } else if (attempt + 1 >= node.config.bootstrapAttempts() || node.stopped()) {
                answered.complete(false);
            } else {
                node.stats.event("bootstrap.ping-retry");
                node.scheduler.schedule(timeouts.delay(attempt, node.random), () -> pingPatiently(seed, attempt + 1,
                        timeouts).whenComplete((ok, err) -> answered.complete(err == null && ok)));
            }
        });
        return answered;
    }

    /**
     * Looks up our own id. A result with fewer than k nodes can mean a small network, or a network not
     * there yet (everyone joining at once through one bootstrap node that has not verified them all):
     * look again after a short jittered pause, doubling, for as long as each new look finds more nodes
     * than the one before (a small network stops growing at once, a forming one keeps growing).
     */
    private CompletableFuture<LookupResult> selfLookup(int attempt, Backoff pauses, int previousSize) {
        return lookups.findNode(node.id, LookupPurpose.SELF).thenCompose(result -> {
            int size = result.closest().size();
            boolean sparse = size < node.config.k() && size > previousSize;
            if (!sparse || attempt + 1 >= MAX_SELF_LOOKUPS || node.stopped()) {
                return CompletableFuture.completedFuture(result);
            }
            node.stats.event("bootstrap.sparse-self-lookup");
            CompletableFuture<LookupResult> again = new CompletableFuture<>();
            node.scheduler.schedule(pauses.delay(attempt, node.random),
                    () -> OnLoop.forward(selfLookup(attempt + 1, pauses, size), again));
            return again;
        });
    }
}
