package io.cqkd.phases.health;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.async.Futures;
import io.cqkd.dht.async.Throttle;
import io.cqkd.dht.discovery.Discovery;
import io.cqkd.dht.discovery.RandomWalkDiscovery;
import io.cqkd.phases.health.PeerRecords.PeerRecord;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Discovery that returns only healthy nodes (the plan's {@code verify_health=True}). Candidates come
 * from random walks into a bounded cache that forgets them after {@link #TTL_NANOS}; a candidate is
 * returned only if it passed a check at the configured level within that level's interval and
 * answered something within the fast interval — else it is checked now, and left out (and
 * forgotten) if it fails. Confined to the node's loop.
 */
final class HealthyDiscovery implements Discovery {
    /** Candidates cached: enough for several key-generation runs' recruiting (a run asks ~1,000). */
    static final int CACHE_CAPACITY = 4096;
    /** How long a candidate stays cached without being returned: ten minutes, well past any interval. */
    static final long TTL_NANOS = 600_000_000_000L;
    /** Candidates checked at once before they are returned: a busy recruiting run, not a burst. */
    static final int VERIFY_WINDOW = 32;
    /** A check that has not passed after this long stops holding a place in the window (see {@link #verify}). */
    static final Duration STALL = Duration.ofMillis(250);

    private final DhtNode node;
    private final HealthParameters parameters;
    private final PeerRecords records;
    private final HealthChecker checker;
    private final HealthLiveness liveness;
    private final RandomWalkDiscovery walks;
    private final HealthCounters counters;
    /** Candidates by id, with when they were cached; oldest first. */
    private final Map<NodeId, Cached> cache = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<NodeId, Cached> eldest) {
            return size() > CACHE_CAPACITY;
        }
    };

    private record Cached(Contact contact, long addedNanos) { }

    /** The walk refilling the cache while candidates are returned; one at a time. */
    private CompletableFuture<Boolean> background;

    HealthyDiscovery(DhtNode node, HealthParameters parameters, PeerRecords records, HealthChecker checker,
                     HealthLiveness liveness, RandomWalkDiscovery walks, HealthCounters counters) {
        this.node = node;
        this.parameters = parameters;
        this.records = records;
        this.checker = checker;
        this.liveness = liveness;
        this.walks = walks;
        this.counters = counters;
    }

    @Override
    public CompletableFuture<Found> find(int wanted, Predicate<NodeId> exclude) {
        expire();
        List<Contact> cached = candidates(exclude);
        if (cached.size() >= wanted) {
            return verify(cached, wanted, true);
        }
        if (!cached.isEmpty()) {
            // Some now, more later: the walk refills the cache in the background, and the caller,
            // short of nodes, asks again. A walk right after deaths waits out the dead nodes that
            // other tables still name; the candidates at hand need not wait for it.
            if (background == null || background.isDone()) {
                background = walk(wanted, exclude);
            }
            return verify(cached, wanted, true);
        }
        return walk(wanted, exclude).thenCompose(answered -> verify(candidates(exclude), wanted, answered));
    }

    /** Random walks for nodes not cached yet; their results join the cache. Completes with whether anyone answered. */
    private CompletableFuture<Boolean> walk(int wanted, Predicate<NodeId> exclude) {
        return walks.find(wanted, id -> exclude.test(id) || cache.containsKey(id)).thenApply(walked -> {
            long now = now();
            for (Contact c : walked.nodes()) {
                cache.putIfAbsent(c.id(), new Cached(c, now));
            }
            return walked.answered();
        });
    }

    private List<Contact> candidates(Predicate<NodeId> exclude) {
        long now = now();
        List<Contact> out = new ArrayList<>();
        for (Cached c : cache.values()) {
            if (!exclude.test(c.contact().id()) && !liveness.believedDead(c.contact(), now)) {
                out.add(c.contact());
            }
        }
        return out;
    }

    /** Up to {@code wanted} of {@code candidates} that are healthy: fresh ones at once, the others checked now. */
    private CompletableFuture<Found> verify(List<Contact> candidates, int wanted, boolean answered) {
        List<Contact> healthy = new ArrayList<>();
        ArrayDeque<Contact> toCheck = new ArrayDeque<>();
        long now = now();
        for (Contact c : candidates) {
            if (healthy.size() >= wanted) {
                break;
            }
            if (fresh(c, now)) {
                healthy.add(c);
            } else {
                toCheck.add(c);
            }
        }
        int[] rejected = {0};
        int[] checking = {0};
        List<CompletableFuture<?>> checks = new ArrayList<>();
        CompletableFuture<Void> enough = new CompletableFuture<>();
        if (healthy.size() >= wanted) {
            enough.complete(null);
        }
        CompletableFuture<Void> asked = new Throttle(VERIFY_WINDOW).pump(() -> {
            if (toCheck.isEmpty() || enough.isDone() || healthy.size() + checking[0] >= wanted) {
                return null;
            }
            Contact c = toCheck.poll();
            checking[0]++;
            CompletableFuture<Void> check = checker.checkNow(c, levelToVerify(c, now)).handle((o, e) -> {
                if (o != null && HealthChecker.passed(o)) {
                    healthy.add(c);
                    if (healthy.size() >= wanted) {
                        enough.complete(null);
                    }
                } else {
                    rejected[0]++;
                    cache.remove(c.id());
                }
                return null;
            });
            checks.add(check);
            // A check holds its place in the window until it passes or stalls: a live candidate
            // answers in a round trip, so a dead one (failing only at the timeout) stops blocking
            // the next candidates after STALL, and the caller is answered as soon as enough passed.
            return () -> CompletableFuture.anyOf(check, Futures.after(node.scheduler(), STALL)).thenAccept(v -> checking[0]--);
        });
        CompletableFuture<Void> allChecked = asked.thenCompose(v -> CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)));
        return CompletableFuture.anyOf(enough, allChecked).thenApply(v -> {
            counters.discovery(Math.min(wanted, healthy.size()), rejected[0]);
            List<Contact> out = List.copyOf(healthy.size() > wanted ? healthy.subList(0, wanted) : healthy);
            return new Found(out, answered);
        });
    }

    /** Passed the configured level within its interval, and heard from within the fast interval. */
    private boolean fresh(Contact c, long now) {
        PeerRecord r = records.find(c.id());
        return r != null && passedLevel(r, now) && now - r.aliveNanos() < parameters.interval(HealthLevel.FAST).toNanos();
    }

    private boolean passedLevel(PeerRecord r, long now) {
        long level = r.passed(parameters.level());
        return level != Long.MIN_VALUE && now - level < parameters.interval(parameters.level()).toNanos();
    }

    /**
     * A candidate that passed the configured level within its interval only needs to show it is
     * still there: a ping, which a dead one fails in the fast timeout instead of the level's.
     */
    private HealthLevel levelToVerify(Contact c, long now) {
        PeerRecord r = records.find(c.id());
        return r != null && passedLevel(r, now) ? HealthLevel.FAST : parameters.level();
    }

    private void expire() {
        long now = now();
        cache.values().removeIf(c -> now - c.addedNanos() > TTL_NANOS);
    }

    private long now() {
        return node.clock().nanoTime();
    }
}
