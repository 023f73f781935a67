package io.cqkd.phases.bootstrap;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.async.RecentSet;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BList;
import io.cqkd.wire.BString;
import io.cqkd.wire.BValue;
import io.cqkd.wire.krpc.CompactEncoding;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Phase 2, the bootstrap node's side. It reports its load ({@code cqkd_stats}: joins in progress,
 * capacity, region, tier, and for a super node the regional nodes it knows) and admits joins
 * ({@code cqkd_bootstrap}) up to {@code MAX_CONNECTIONS} at once; when full it refuses and the
 * joiner goes to a less loaded node, so it is never overloaded. A regional node heartbeats to its
 * super nodes ({@code cqkd_register}); a super node that hears nothing from a regional node for
 * {@link #REGIONAL_SILENCE} replaces it by promoting a recent joiner of its region
 * ({@code cqkd_promote}), which becomes a regional node there, and names it to later joiners.
 * Confined to the node's loop.
 */
public final class BootstrapService {
    public static final String STATS = "cqkd_stats";
    public static final String JOIN = "cqkd_bootstrap";
    public static final String REGISTER = "cqkd_register";
    public static final String PROMOTE = "cqkd_promote";
    /** How long an admitted join counts against the capacity. */
    public static final Duration JOIN_SLOT = Duration.ofSeconds(10);
    public static final Duration HEARTBEAT = Duration.ofSeconds(5);
    public static final Duration REGIONAL_SILENCE = Duration.ofSeconds(15);
    private static final int JOINERS_REMEMBERED = 16;
    /** Regional nodes named in one answer (stats, or a full node's redirects): keeps it within a datagram. */
    private static final int LISTED = 24;
    /** Pings back to unknown registering addresses in flight at once: a flood of them waits for none. */
    private static final int VERIFYING = 16;
    private static final int MAX_REGION_NAME = 64;

    private final DhtNode node;
    private final BootstrapTier tier;
    private final String region;
    private final int capacity;
    private final List<InetSocketAddress> supers;
    /** Super nodes: the regional nodes heard from, with when, by region (bounded). */
    private final RegionalRegistry regionals = new RegionalRegistry();
    /** Registrations from unknown addresses being verified by a ping back, at most {@link #VERIFYING} at once. */
    private int verifying;
    /** Super nodes: recent joiners by region (promotion candidates). */
    private final Map<String, RecentSet<InetSocketAddress, InetSocketAddress>> joiners = new HashMap<>();
    private int active;
    /** {@code active} as of its last change, readable from any thread (the load gauge). */
    private volatile int activeSnapshot;
    private long served;
    private long refused;
    private long promotions;

    public BootstrapService(DhtNode node, BootstrapTier tier, String region, int capacity,
                            List<InetSocketAddress> supers) {
        this.node = node;
        this.tier = tier;
        this.region = region;
        this.capacity = capacity;
        this.supers = List.copyOf(supers);
        node.registerExtension(STATS, (caller, a) -> CompletableFuture.completedFuture(stats()));
        node.registerExtension(JOIN, (caller, a) -> {
            BString joinerRegion = a.optionalString("region");
            return CompletableFuture.completedFuture(admit(caller.address(),
                    joinerRegion == null ? "" : joinerRegion.asUtf8()));
        });
        if (tier == BootstrapTier.SUPER) {
            node.registerExtension(REGISTER, (caller, a) -> register(caller.address(), a.requireString("region").asUtf8()));
            node.scheduler().schedule(HEARTBEAT, this::watchRegions);
        } else {
            node.scheduler().execute(this::heartbeat);
        }
    }

    public BootstrapService(DhtNode node, BootstrapTier tier, String region, int capacity) {
        this(node, tier, region, capacity, List.of());
    }

    /**
     * A regional node's heartbeat. A known node is refreshed at once; an unknown one is first pinged
     * back at its address (a forged source address cannot answer) and then recorded if the registry
     * has room. Refusals answer with a reason and are counted.
     */
    private CompletableFuture<BDict> register(InetSocketAddress caller, String regionName) {
        long now = node.clock().nanoTime();
        if (regionals.knows(regionName, caller)) {
            regionals.register(regionName, caller, now);
            return CompletableFuture.completedFuture(BDict.empty());
        }
        if (regionName.isEmpty() || regionName.length() > MAX_REGION_NAME || verifying >= VERIFYING) {
            node.stats().event("bootstrap.register-refused");
            return CompletableFuture.completedFuture(BDict.builder().put("accept", 0)
                    .put("reason", verifying >= VERIFYING ? "busy" : "bad region name").build());
        }
        verifying++;
        node.ping(caller).whenComplete((id, error) -> {
            verifying--;
            if (error != null || !regionals.register(regionName, caller, node.clock().nanoTime())) {
                node.stats().event("bootstrap.register-refused");
            }
        });
        return CompletableFuture.completedFuture(BDict.empty());
    }

    private BDict stats() {
        BDict.Builder out = BDict.builder().put("tier", tier.label()).put("region", region).put("active", active)
                .put("capacity", capacity).put("served", served);
        if (tier == BootstrapTier.SUPER) {
            List<BValue> known = new ArrayList<>();
            long now = node.clock().nanoTime();
            regionals.forEach((r, address, seen) -> {
                if (known.size() < LISTED && now - seen < REGIONAL_SILENCE.toNanos() && CompactEncoding.isIpv4(address)) {
                    known.add(BDict.builder().put("region", r).put("address", CompactEncoding.encodePeer(address))
                            .build());
                }
            });
            out.put("regionals", new BList(known));
        }
        return out.build();
    }

    private BDict admit(InetSocketAddress joiner, String joinerRegion) {
        if (active >= capacity) {
            refused++;
            node.stats().event("bootstrap.join-refused-full");
            return BDict.builder().put("accept", 0).put("reason", "full: " + active + " joins of " + capacity)
                    .put("redirect", new BList(redirects(joinerRegion))).build();
        }
        active++;
        activeSnapshot = active;
        served++;
        node.stats().event("bootstrap.join-served");
        node.scheduler().schedule(JOIN_SLOT, () -> activeSnapshot = --active);
        if (tier == BootstrapTier.SUPER && !joinerRegion.isEmpty()) {
            joiners.computeIfAbsent(joinerRegion, r -> RecentSet.of(JOINERS_REMEMBERED)).add(joiner);
        }
        return BDict.builder().put("accept", 1).build();
    }

    /**
     * Where to send a joiner this node is too full for: a super node names the live regional nodes
     * of the joiner's region first, then the others; a regional node names its super nodes.
     */
    private List<BValue> redirects(String joinerRegion) {
        List<BValue> out = new ArrayList<>();
        if (tier == BootstrapTier.REGIONAL) {
            supers.stream().filter(CompactEncoding::isIpv4).forEach(a -> out.add(BString.of(CompactEncoding.encodePeer(a))));
            return out;
        }
        long now = node.clock().nanoTime();
        List<String> order = regionals.regionNames();
        order.sort((x, y) -> Boolean.compare(!x.equals(joinerRegion), !y.equals(joinerRegion)));
        for (String r : order) {
            regionals.of(r).forEach((address, seen) -> {
                if (out.size() < LISTED && now - seen < REGIONAL_SILENCE.toNanos() && CompactEncoding.isIpv4(address)) {
                    out.add(BString.of(CompactEncoding.encodePeer(address)));
                }
            });
        }
        return out;
    }

    /** A regional node tells its super nodes it is alive, every heartbeat. */
    private void heartbeat() {
        if (node.isStopped()) {
            return;
        }
        for (InetSocketAddress s : supers) {
            node.query(s, REGISTER, BDict.builder().put("region", region).build());
        }
        node.scheduler().schedule(HEARTBEAT, this::heartbeat);
    }

    /** A super node replaces every regional node that went silent by a recent joiner of its region. */
    private void watchRegions() {
        if (node.isStopped()) {
            return;
        }
        long now = node.clock().nanoTime();
        regionals.removeSilent(now - REGIONAL_SILENCE.toNanos(), (r, dead) -> {
            node.stats().event("bootstrap.regional-lost");
            RecentSet<InetSocketAddress, InetSocketAddress> candidates = joiners.get(r);
            if (candidates != null && !candidates.isEmpty()) {
                promote(r, candidates.pollNewest());
            }
        });
        node.scheduler().schedule(HEARTBEAT, this::watchRegions);
    }

    private void promote(String r, InetSocketAddress candidate) {
        node.query(candidate, PROMOTE, BDict.builder().put("region", r).put("capacity", capacity / 2)
                        .put("super", CompactEncoding.encodePeer(node.address())).build())
                .whenComplete((answer, error) -> {
                    if (error == null) {
                        promotions++;
                        regionals.register(r, candidate, node.clock().nanoTime());
                        node.stats().event("bootstrap.promotion");
                    }
                });
    }

    /** Joins admitted and still holding their slot; on the node's loop. */
    public int activeJoins() {
        return active;
    }

    /** {@link #activeJoins()} as of its last change, from any thread (metrics). */
    public int activeJoinsSnapshot() {
        return activeSnapshot;
    }

    public long served() {
        return served;
    }

    public long refused() {
        return refused;
    }

    /** Regional nodes recorded now; on the node's loop. */
    public int regionalsKnown() {
        return regionals.size();
    }

    public long promotions() {
        return promotions;
    }

    /**
     * Lets a worker be promoted to regional bootstrap node: on {@code cqkd_promote} from one of
     * {@code trusted} (the bootstrap nodes it joins through) it starts a regional
     * {@link BootstrapService} for the region, heartbeating to the super node that asked. A stranger's
     * promotion is refused and counted. Returns a holder that shows the service once promoted.
     */
    public static java.util.concurrent.atomic.AtomicReference<BootstrapService> acceptPromotion(DhtNode node,
            java.util.Collection<InetSocketAddress> trusted) {
        var promoted = new java.util.concurrent.atomic.AtomicReference<BootstrapService>();
        java.util.Set<InetSocketAddress> from = java.util.Set.copyOf(trusted);
        node.registerExtension(PROMOTE, (caller, a) -> {
            if (!from.contains(caller.address())) {
                node.stats().event("bootstrap.promotion-refused");
                return CompletableFuture.failedFuture(new io.cqkd.dht.rpc.RpcErrorException(
                        io.cqkd.wire.krpc.ErrorCode.GENERIC, "promotion is accepted only from this node's bootstrap nodes"));
            }
            if (promoted.get() == null) {
                // The promoted node heartbeats to the super node that asked, whatever the message names.
                promoted.set(new BootstrapService(node, BootstrapTier.REGIONAL, a.requireString("region").asUtf8(),
                        (int) Math.max(1, Math.min(100_000, a.requireInt("capacity"))), List.of(caller.address())));
                node.stats().event("bootstrap.promoted");
            }
            return CompletableFuture.completedFuture(BDict.builder().put("accept", 1).build());
        });
        return promoted;
    }
}
