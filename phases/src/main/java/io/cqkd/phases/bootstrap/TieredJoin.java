package io.cqkd.phases.bootstrap;

import io.cqkd.dht.BootstrapException;
import io.cqkd.dht.BootstrapResult;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.async.Backoff;
import io.cqkd.dht.async.OnLoop;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BInt;
import io.cqkd.wire.BString;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * Phase 2, the joiner's side: asks every bootstrap node it knows for its load, tries the least
 * loaded one of its own region first, then of any region, asking each to admit the join; a node
 * that is full or silent is passed over for the next, after a short jittered pause (no thundering
 * herd). When no bootstrap node admits it, it joins through the whole list, as the flat fallback
 * does. Runs on the joining node's loop through its public API.
 */
public final class TieredJoin {
    /** One bootstrap node's answer to cqkd_stats. */
    record Load(InetSocketAddress address, String region, BootstrapTier tier, int active, int capacity,
                List<InetSocketAddress> regionals) {
    }

    /** Pauses between bootstrap nodes tried in turn: 50 ms, doubling, each drawn from [0.5, 1.5) of its base. */
    private static final Backoff PAUSES = Backoff.jittered(Duration.ofMillis(50), Backoff.NO_MAX);

    private final DhtNode node;
    private final String region;
    private final RandomGenerator random;

    public TieredJoin(DhtNode node, String region, RandomGenerator random) {
        this.node = node;
        this.region = region;
        this.random = random;
    }

    public CompletableFuture<BootstrapResult> join(List<InetSocketAddress> bootstrapNodes) {
        return loads(bootstrapNodes).thenCompose(alive -> {
            // Super nodes name the regional nodes they know (promoted ones too): ask those as well.
            List<InetSocketAddress> named = new ArrayList<>();
            for (Load l : alive) {
                for (InetSocketAddress r : l.regionals()) {
                    if (!bootstrapNodes.contains(r) && !named.contains(r)) {
                        named.add(r);
                    }
                }
            }
            CompletableFuture<List<Load>> more = named.isEmpty() ? CompletableFuture.completedFuture(List.of())
                    : loads(named);
            return more.thenCompose(extra -> {
                List<Load> all = new ArrayList<>(alive);
                all.addAll(extra);
                List<InetSocketAddress> everyone = new ArrayList<>(bootstrapNodes);
                everyone.addAll(named);
                return tryInTurn(order(all), 0, everyone);
            });
        });
    }

    /** The loads of the nodes that answer cqkd_stats; silent or malformed ones are left out. */
    private CompletableFuture<List<Load>> loads(List<InetSocketAddress> addresses) {
        List<CompletableFuture<Load>> asked = new ArrayList<>();
        for (InetSocketAddress address : addresses) {
            asked.add(node.query(address, BootstrapService.STATS, BDict.empty()).handle((r, e) -> {
                try {
                    return e == null ? load(address, r) : null;
                } catch (RuntimeException malformed) {
                    return null; // a node that cannot say its load is passed over
                }
            }));
        }
        return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Load> alive = new ArrayList<>();
            asked.forEach(f -> {
                if (f.join() != null) {
                    alive.add(f.join());
                }
            });
            return alive;
        });
    }

    /**
     * The order to ask in: first one node serving our region drawn at random — a super node, which
     * serves all R regions, with weight 1/R against 1 for a regional node of ours, so that every node
     * expects the same share of joins even when many joiners arrive at once with the same stale
     * loads — then the rest of our region's nodes by load, then the other regions' by load.
     */
    List<Load> order(List<Load> alive) {
        List<Load> mine = new ArrayList<>();
        List<Load> others = new ArrayList<>();
        for (Load l : alive) {
            (serves(l) ? mine : others).add(l);
        }
        long regions = Math.max(1, alive.stream().filter(l -> l.tier() == BootstrapTier.REGIONAL)
                .map(Load::region).distinct().count());
        Comparator<Load> byLoad = Comparator.comparingInt(Load::active);
        List<Load> order = new ArrayList<>();
        if (!mine.isEmpty()) {
            double total = 0;
            for (Load l : mine) {
                total += weight(l, regions);
            }
            double pick = random.nextDouble() * total;
            Load first = mine.get(mine.size() - 1);
            for (Load l : mine) {
                pick -= weight(l, regions);
                if (pick < 0) {
                    first = l;
                    break;
                }
            }
            order.add(first);
            mine.remove(first);
        }
        mine.sort(byLoad);
        others.sort(byLoad);
        order.addAll(mine);
        order.addAll(others);
        return order;
    }

    private static double weight(Load l, long regions) {
        return l.tier() == BootstrapTier.SUPER ? 1.0 / regions : 1.0;
    }

    private boolean serves(Load l) {
        return l.region().equals(region) || l.tier() == BootstrapTier.SUPER;
    }

    private CompletableFuture<BootstrapResult> tryInTurn(List<Load> order, int index, List<InetSocketAddress> all) {
        if (index == order.size()) {
            node.stats().event("bootstrap.tiers-fell-back-to-flat-list");
            return node.bootstrap(all);
        }
        Load candidate = order.get(index);
        return node.query(candidate.address(), BootstrapService.JOIN,
                        BDict.builder().put("region", region).build())
                .handle((r, e) -> {
                    if (e == null && r.get("accept") instanceof BInt a && a.value() == 1) {
                        return true;
                    }
                    if (e == null) {
                        redirected(r, order, index); // full: try the nodes it names next
                    }
                    return false;
                })
                .thenCompose(admitted -> {
                    if (admitted) {
                        return node.bootstrap(List.of(candidate.address())).handle((result, error) -> {
                            if (error == null) {
                                return CompletableFuture.completedFuture(result);
                            }
                            node.stats().event("bootstrap.failover"); // admitted, then went silent
                            return next(order, index, all);
                        }).thenCompose(f -> f);
                    }
                    node.stats().event("bootstrap.failover");
                    return next(order, index, all);
                });
    }

    /** Puts the nodes a full bootstrap node redirects to right after it in the order, once each. */
    private void redirected(BDict refusal, List<Load> order, int index) {
        if (!(refusal.get("redirect") instanceof io.cqkd.wire.BList list)) {
            return;
        }
        int at = index + 1;
        for (io.cqkd.wire.BValue item : list.items()) {
            if (!(item instanceof BString s) || s.length() != io.cqkd.wire.krpc.CompactEncoding.PEER_BYTES) {
                continue;
            }
            InetSocketAddress address = io.cqkd.wire.krpc.CompactEncoding.decodePeer("redirect", s.toBytes());
            boolean known = order.subList(index + 1, order.size()).stream().anyMatch(l -> l.address().equals(address));
            if (!known && !address.equals(order.get(index).address())) {
                order.add(at++, new Load(address, "", BootstrapTier.REGIONAL, 0, 1, List.of()));
                node.stats().event("bootstrap.redirected");
            }
        }
    }

    private CompletableFuture<BootstrapResult> next(List<Load> order, int index, List<InetSocketAddress> all) {
        CompletableFuture<BootstrapResult> later = new CompletableFuture<>();
        node.scheduler().schedule(PAUSES.delay(index, random),
                () -> OnLoop.forward(tryInTurn(order, index + 1, all), later));
        return later;
    }

    private static Load load(InetSocketAddress address, BDict stats) {
        BString region = stats.optionalString("region");
        Long active = stats.optionalInt("active");
        Long capacity = stats.optionalInt("capacity");
        if (region == null || active == null || capacity == null) {
            throw new BootstrapException("malformed cqkd_stats answer from " + address);
        }
        BString tier = stats.optionalString("tier");
        List<InetSocketAddress> regionals = new ArrayList<>();
        io.cqkd.wire.BList named = stats.optionalList("regionals");
        if (named != null) {
            for (io.cqkd.wire.BValue item : named.items()) {
                if (item instanceof BDict d && d.get("address") instanceof BString a) {
                    regionals.add(io.cqkd.wire.krpc.CompactEncoding.decodePeer("address", a.toBytes()));
                }
            }
        }
        return new Load(address, region.asUtf8(), BootstrapTier.of(tier == null ? "super" : tier.asUtf8()),
                active.intValue(), capacity.intValue(), regionals);
    }
}
