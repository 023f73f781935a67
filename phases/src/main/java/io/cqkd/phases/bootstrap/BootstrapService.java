package io.cqkd.phases.bootstrap;

import io.cqkd.dht.DhtNode;
import io.cqkd.wire.BDict;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Phase 2, the bootstrap node's side: it reports its load ({@code cqkd_stats}: joins in progress,
 * capacity, region, tier) and admits joins ({@code cqkd_bootstrap}) up to {@code MAX_CONNECTIONS}
 * at once; when full it refuses, and the joiner goes to a less loaded node instead, so it is never
 * overloaded. An admitted join holds its slot for {@link #JOIN_SLOT}, the time a join takes.
 * Confined to the node's loop.
 */
public final class BootstrapService {
    public static final String STATS = "cqkd_stats";
    public static final String JOIN = "cqkd_bootstrap";
    /** How long an admitted join counts against the capacity. */
    public static final Duration JOIN_SLOT = Duration.ofSeconds(10);

    private final DhtNode node;
    private final BootstrapTier tier;
    private final String region;
    private final int capacity;
    private int active;
    private long served;
    private long refused;

    public BootstrapService(DhtNode node, BootstrapTier tier, String region, int capacity) {
        this.node = node;
        this.tier = tier;
        this.region = region;
        this.capacity = capacity;
        node.registerExtension(STATS, (caller, a) -> CompletableFuture.completedFuture(stats()));
        node.registerExtension(JOIN, (caller, a) -> CompletableFuture.completedFuture(admit()));
    }

    private BDict stats() {
        return BDict.builder().put("tier", tier.label()).put("region", region).put("active", active)
                .put("capacity", capacity).put("served", served).build();
    }

    private BDict admit() {
        if (active >= capacity) {
            refused++;
            node.stats().event("bootstrap.join-refused-full");
            return BDict.builder().put("accept", 0).put("reason", "full: " + active + " joins of " + capacity).build();
        }
        active++;
        served++;
        node.stats().event("bootstrap.join-served");
        node.scheduler().schedule(JOIN_SLOT, () -> active--);
        return BDict.builder().put("accept", 1).build();
    }

    /** Joins admitted and still holding their slot. */
    public int activeJoins() {
        return active;
    }

    public long served() {
        return served;
    }

    public long refused() {
        return refused;
    }
}
