package io.cqkd.phases.refresh;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.NodeEvents;
import io.cqkd.dht.NodePolicies;
import io.cqkd.dht.async.OnLoop;
import io.cqkd.dht.lookup.LookupPurpose;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.dht.routing.NodeState;
import io.cqkd.dht.routing.RoutingEntry;
import io.cqkd.phases.adaptive.NetworkSizeEstimator;
import io.cqkd.wire.BDict;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Phase 5 on one node: every {@link #TICK} it updates its stability score and optimiser, sets its
 * interval by the plan's formula, refreshes the buckets that are stale, pings the entries gone quiet
 * and asks a peer that left whether it is back; an eviction that leaves room or a bucket emptied
 * refreshes that bucket at once (at most once per {@link #EVENT_GAP}); evictions
 * across many buckets in a short time, or the table emptied, make it suspect a partition and
 * refresh every bucket (at most once per {@link #EMERGENCY_GAP}; the node re-joins by itself, from
 * its saved peers, then its bootstrap nodes, once its table is empty). Off: the fixed interval.
 * Confined to the node's loop.
 */
public final class RefreshNode {
    /** How often stale buckets are looked for: mldht's 1 s tick costs a table scan a second; 5 s is enough for a 30 s minimum. */
    static final Duration TICK = Duration.ofSeconds(5);
    /** A bucket refreshed for an event is not refreshed for another within this: a mass death is one refresh, not hundreds. */
    static final Duration EVENT_GAP = Duration.ofSeconds(10);
    /** At most one emergency refresh of every bucket per this. */
    static final Duration EMERGENCY_GAP = Duration.ofSeconds(60);
    /**
     * Entries unheard for longer than the interval that are pinged per tick, the most silent first
     * (go-libp2p's ping-and-evict): a refresh lookup fills a bucket with live nodes but never asks
     * the old entries, so without these pings a departed peer stays until something else calls it.
     * An entry the liveness policy holds bad after its ping failed is evicted (its replacement, if
     * any, takes its place, and the eviction refreshes the bucket). At most 0.8 pings a second.
     */
    static final int PINGS_PER_TICK = 4;
    /** Ticks between two askings of a peer that left the table ({@link LostPeers}): one every 15 s at most. */
    static final int TICKS_PER_LOST_PROBE = 3;
    /** Good peers each node offers the saved table: the most recently heard, a few per node. */
    static final int SAVED_PEERS_PER_NODE = 16;

    private final DhtNode node;
    private final RefreshParameters parameters;
    private final RefreshCounters counters;
    private final NetworkSizeEstimator estimator;
    private final StabilityScore stability = new StabilityScore();
    private final RefreshOptimiser optimiser;
    private final AdaptiveRefreshPolicy policy;
    private final long[] eventRefreshedNanos = new long[NodeId.BITS];
    private final PartitionWatch partition = new PartitionWatch();
    private final Set<NodeId> pinging = new HashSet<>();
    private final LostPeers lost = new LostPeers();
    private int ticksSinceLostProbe;
    private long lastEmergencyNanos = Long.MIN_VALUE;
    private long rpcsSeen;
    private Duration interval;
    /** Read off the loop too (metrics, /health). */
    private volatile boolean on;
    /** Read by the metrics off the loop: replaced, never changed. */
    private volatile long[] ageCounts = new long[TableScan.AGE_BOUNDS_SECONDS.length + 1];
    private volatile double staleFraction;
    private volatile List<InetSocketAddress> goodPeers = List.of();
    /** The size estimate saved before a restart: the interval's basis until the node's own lookups give one. */
    private final long savedEstimate;


    private RefreshNode(DhtNode node, RefreshParameters parameters, RefreshCounters counters, long savedEstimate) {
        this.savedEstimate = savedEstimate;
        this.node = node;
        this.parameters = parameters;
        this.counters = counters;
        this.estimator = new NetworkSizeEstimator(node.id());
        this.optimiser = new RefreshOptimiser(parameters.targetSuccess(), parameters.maxOverhead());
        this.interval = parameters.intervalFor(0, 1, 1);
        this.policy = new AdaptiveRefreshPolicy(() -> interval, node.config().alpha());
        Arrays.fill(eventRefreshedNanos, Long.MIN_VALUE);
    }

    /** Builds phase 5's parts for {@code node} on its loop, off; {@link #use} turns them on. */
    public static CompletableFuture<RefreshNode> start(DhtNode node, RefreshParameters parameters,
                                                      RefreshCounters counters, long savedEstimate) {
        return OnLoop.call(node.scheduler(), () -> {
            RefreshNode refresh = new RefreshNode(node, parameters, counters, savedEstimate);
            return node.control().subscribe(refresh.events()).thenApply(subscription -> {
                refresh.tickLater();
                return refresh;
            });
        });
    }

    /** Turns phase 5 on (the adaptive policy) or off (the fixed interval), on the node's loop. */
    public CompletableFuture<NodePolicies> use(boolean active) {
        return OnLoop.call(node.scheduler(), () -> {
            on = active;
            return node.control().usePolicies(p -> p.withRefresh(active ? policy : NodePolicies.defaults(node.config()).refresh()));
        });
    }

    private NodeEvents events() {
        return new NodeEvents() {
            @Override
            public void peerEvicted(Contact peer, Contact replacement) {
                long now = now();
                stability.left(now);
                lost.left(peer, now);
                if (on) {
                    int bucket = node.id().bucketIndexOf(peer.id());
                    if (partition.evicted(now, bucket, node.routingTable().size())) {
                        emergency(now);
                    } else if (replacement == null) {
                        // A replacement kept the bucket full: a lookup would only find what it holds.
                        refreshForEvent(bucket, RefreshCounters.Cause.EVICTION, now);
                    }
                }
            }

            @Override
            public void bucketEmptied(int index) {
                if (on) {
                    refreshForEvent(index, RefreshCounters.Cause.EMPTIED, now());
                }
            }

            @Override
            public void tableEmptied() {
                if (on) {
                    emergency(now());
                }
            }

            @Override
            public void lookupDone(LookupPurpose purpose, LookupResult result) {
                estimator.observe(result);
                boolean refresh = purpose == LookupPurpose.REFRESH;
                if (refresh) {
                    counters.refreshRpcs(result.queried());
                }
                optimiser.lookupDone(now(), !result.closest().isEmpty(), refresh ? result.queried() : 0);
            }
        };
    }

    private void tickLater() {
        node.scheduler().schedule(TICK, () -> {
            if (!node.isStopped()) {
                tick();
                tickLater();
            }
        });
    }

    private void tick() {
        long now = now();
        long sent = node.stats().sum("rpc.sent.");
        optimiser.sent(now, sent - rpcsSeen);
        rpcsSeen = sent;
        TableScan scan = TableScan.of(node.routingTable(), now, interval.toNanos(), SAVED_PEERS_PER_NODE);
        ageCounts = scan.ageCounts();
        goodPeers = scan.goodPeers();
        staleFraction = scan.staleFraction();
        double score = stability.update(now, estimator.estimate(), scan.size(), scan.failing());
        RefreshOptimiser.Decision decision = optimiser.decide(now);
        if (decision != null && on) {
            counters.decided(decision);
        }
        interval = parameters.intervalFor(sizeEstimate(), score, optimiser.factor());
        if (on) {
            if (++ticksSinceLostProbe >= TICKS_PER_LOST_PROBE) {
                ticksSinceLostProbe = 0;
                askLost(now);
            }
            scan.silent().stream().filter(e -> !pinging.contains(e.id())).limit(PINGS_PER_TICK)
                    .forEach(e -> pingSilent(e.contact()));
            List<Integer> due = policy.due(node.routingTable(), now);
            if (!due.isEmpty()) {
                counters.refreshed(RefreshCounters.Cause.STALE, due.size());
                node.control().refreshBuckets(due);
            }
        }
    }

    /** Asks one peer that left the table lately whether it is back (its answer puts it back in the table). */
    private void askLost(long now) {
        Contact peer = lost.due(now);
        if (peer == null) {
            return;
        }
        counters.askedLost();
        optimiser.pinged(now);
        node.query(peer, "ping", BDict.empty()).thenRun(() -> {
            lost.answered(peer);
            counters.lostCameBack();
        });
    }

    private void pingSilent(Contact peer) {
        pinging.add(peer.id());
        counters.silentPinged();
        optimiser.pinged(now());
        node.query(peer, "ping", BDict.empty()).whenComplete((answer, error) -> {
            pinging.remove(peer.id());
            RoutingEntry e = node.routingTable().entry(peer.id());
            if (error != null && e != null && e.address().equals(peer.address())
                    && node.routingTable().stateOf(e, now()) == NodeState.BAD) {
                counters.silentEvicted();
                node.control().evict(peer);
            }
        });
    }

    private void refreshForEvent(int bucket, RefreshCounters.Cause cause, long now) {
        long last = eventRefreshedNanos[bucket];
        if (last != Long.MIN_VALUE && now - last < EVENT_GAP.toNanos()) {
            return;
        }
        eventRefreshedNanos[bucket] = now;
        counters.refreshed(cause, 1);
        node.control().refreshBuckets(List.of(bucket));
    }

    private void emergency(long now) {
        if (lastEmergencyNanos != Long.MIN_VALUE && now - lastEmergencyNanos < EMERGENCY_GAP.toNanos()) {
            return;
        }
        lastEmergencyNanos = now;
        List<Integer> all = new ArrayList<>();
        int closest = Math.max(0, node.routingTable().closestBucketIndex());
        for (int i = closest; i < NodeId.BITS; i++) {
            all.add(i);
        }
        counters.emergency();
        counters.refreshed(RefreshCounters.Cause.EMERGENCY, all.size());
        node.control().refreshBuckets(all);
    }

    /** The refresh interval in force: phase 5's while it is on, the fixed fallback's while it is off. */
    public Duration interval() {
        return on ? interval : node.config().bucketRefreshInterval();
    }

    public double stability() {
        return stability.score();
    }

    /** The node's size estimate, or the saved one until it has its own. */
    long sizeEstimate() {
        return estimator.estimate() > 0 ? estimator.estimate() : savedEstimate;
    }

    /** The node's good peers at its last tick, most recently heard first; read off the loop. */
    List<InetSocketAddress> goodPeers() {
        return goodPeers;
    }

    DhtNode node() {
        return node;
    }

    /** Entries by age since last heard, in the buckets of {@link TableScan#AGE_BOUNDS_SECONDS} (the last: older). */
    long[] ageCounts() {
        return ageCounts;
    }

    /** Entries that failed their last call or went unheard for longer than the interval, per entry. */
    double staleFraction() {
        return staleFraction;
    }

    private long now() {
        return node.clock().nanoTime();
    }
}
