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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Discovery that returns only healthy nodes (the plan's {@code verify_health=True}). Candidates come
 * from random walks into a bounded cache that forgets them after {@link #TTL_NANOS}; a candidate is
 * returned only if it passed a check at the configured level within that level's interval and
 * answered something within the fast interval, with no failure since — else it is checked now, and
 * left out (and forgotten) if it fails. After each request, walks in the background keep the cache
 * warm until they stop finding new nodes: a key-generation run asks for most of the network's
 * workers, and the last of them are the slowest for a walk to find, so they are found between
 * runs rather than while a run waits. Confined to the node's loop.
 */
final class HealthyDiscovery implements Discovery {
    /** Candidates cached: enough for several key-generation runs' recruiting (a run asks ~1,000). */
    static final int CACHE_CAPACITY = 4096;
    /** How long a candidate stays cached without being returned: ten minutes, well past any interval. */
    static final long TTL_NANOS = 600_000_000_000L;
    /** Candidates checked at once before they are returned: a busy recruiting run, not a burst. */
    static final int VERIFY_WINDOW = 32;
    /**
     * The longest a check holds a place in the window before the next candidate is checked (below
     * it, the timing policy's stall for that candidate), and the longest a caller waits once some
     * candidates passed (see {@link #verify}).
     */
    static final Duration STALL = Duration.ofMillis(250);
    /** Walk batches in a row that keep the cache warm after a request (each up to 32 lookups). */
    static final int WARM_BATCHES = 8;
    /**
     * A warming batch that found fewer new nodes than this shows that the cache knows nearly the
     * whole network: walking on would cost ~1,400 RPCs a batch for a handful of nodes.
     */
    static final int WARM_MIN_NEW = 8;
    /**
     * How long the cache stays cold after warming stopped finding new nodes: a batch of walks costs
     * ~1,400 RPCs, and one after each of Alice's runs only re-met the nodes cached.
     */
    static final long WARM_PAUSE_NANOS = 60_000_000_000L;
    /** Nodes a warming walk asks for: enough for its largest batch of lookups. */
    private static final int WARM_WANTED = 10 * RandomWalkDiscovery.MAX_BATCH;

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

    /** Candidates being checked before they are returned: not offered to a second request meanwhile. */
    private final Set<NodeId> verifying = new HashSet<>();
    /** The walks keeping the cache warm; one chain at a time. */
    private CompletableFuture<Integer> background;
    /** No warming before this (the node's clock); {@link Long#MIN_VALUE}: whenever asked. */
    private long warmAgainNanos = Long.MIN_VALUE;

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
    public CompletableFuture<Found> find(int needed, int wanted, Predicate<NodeId> exclude) {
        expire();
        List<Contact> cached = candidates(exclude);
        if (cached.isEmpty()) {
            return walk(wanted, exclude).thenCompose(added -> {
                keepWarm();
                return verify(candidates(exclude), needed, wanted, added >= 0);
            });
        }
        // Some now, more later: a walk right after deaths waits out the dead nodes that other
        // tables still name; the candidates at hand need not wait for it.
        keepWarm();
        return verify(cached, needed, wanted, true);
    }

    private void keepWarm() {
        if ((background == null || background.isDone()) && now() >= warmAgainNanos) {
            background = warm(WARM_BATCHES);
        }
    }

    private CompletableFuture<Integer> warm(int batchesLeft) {
        return walk(WARM_WANTED, id -> false).thenCompose(added -> {
            if (added < WARM_MIN_NEW) {
                warmAgainNanos = now() + WARM_PAUSE_NANOS; // the cache knows the network
            } else if (batchesLeft > 1 && cache.size() < CACHE_CAPACITY) {
                return warm(batchesLeft - 1);
            }
            return CompletableFuture.completedFuture(added);
        });
    }

    /**
     * Random walks for nodes not cached yet; their results join the cache. Completes with how many
     * joined, or -1 when nobody answered.
     */
    private CompletableFuture<Integer> walk(int wanted, Predicate<NodeId> exclude) {
        return walks.find(wanted, id -> exclude.test(id) || cache.containsKey(id)).thenApply(walked -> {
            long now = now();
            int added = 0;
            for (Contact c : walked.nodes()) {
                if (cache.putIfAbsent(c.id(), new Cached(c, now)) == null) {
                    added++;
                }
            }
            return walked.answered() ? added : -1;
        });
    }

    /** The cached candidates not excluded nor believed dead; those that failed something since they last answered, last. */
    private List<Contact> candidates(Predicate<NodeId> exclude) {
        long now = now();
        List<Contact> out = new ArrayList<>();
        List<Contact> doubtful = new ArrayList<>();
        for (Cached c : cache.values()) {
            if (!exclude.test(c.contact().id()) && !verifying.contains(c.contact().id())
                    && !liveness.believedDead(c.contact(), now)) {
                PeerRecord r = records.find(c.contact().id());
                (r != null && r.doubtful() ? doubtful : out).add(c.contact());
            }
        }
        out.addAll(doubtful);
        return out;
    }

    /**
     * Up to {@code wanted} of {@code candidates} that are healthy: fresh ones at once, the others
     * checked now, until {@code needed} passed.
     */
    private CompletableFuture<Found> verify(List<Contact> candidates, int needed, int wanted, boolean answered) {
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
        CompletableFuture<Void> enough = new CompletableFuture<>();
        if (healthy.size() >= needed) {
            enough.complete(null);
        }
        CompletableFuture<Void> asked = new Throttle(VERIFY_WINDOW).pump(() -> {
            // Checks in flight are not held to the number still needed: right after deaths, many
            // of the unchecked are dead, and a window of them at once finds the live ones sooner.
            if (toCheck.isEmpty() || enough.isDone()) {
                return null;
            }
            Contact c = toCheck.poll();
            verifying.add(c.id());
            CompletableFuture<Void> check = checker.checkNow(c, levelToVerify(c, now)).handle((o, e) -> {
                verifying.remove(c.id());
                if (o != null && HealthChecker.passed(o)) {
                    healthy.add(c);
                    if (healthy.size() >= needed) {
                        enough.complete(null);
                    }
                } else {
                    rejected[0]++;
                    cache.remove(c.id());
                }
                return null;
            });
            // A check holds its place in the window until it passes or stalls: a live candidate
            // answers in a round trip, so a dead one (failing only at the timeout) stops blocking
            // the next candidates after its stall, and the caller is answered as soon as enough passed.
            return () -> CompletableFuture.anyOf(check, Futures.after(node.scheduler(), stall(c))).thenAccept(v -> { });
        });
        // Answered when enough passed; or when every check passed, failed or stalled, so that a
        // dead candidate's timeout does not hold the caller up; or, once some passed, after one
        // stall: right after deaths, most of the unchecked are dead, and the caller may come back
        // for more. The checks go on, and leave the candidates that pass fresh for that request.
        CompletableFuture<Void> timeBox = Futures.after(node.scheduler(), STALL)
                .thenCompose(v -> healthy.isEmpty() ? asked : CompletableFuture.completedFuture(null));
        return CompletableFuture.anyOf(enough, asked, timeBox).thenApply(v -> {
            counters.discovery(Math.min(wanted, healthy.size()), rejected[0]);
            List<Contact> out = List.copyOf(healthy.size() > wanted ? healthy.subList(0, wanted) : healthy);
            return new Found(out, answered);
        });
    }

    /** The timing policy's stall for a ping to {@code c} (its RTO once it answered), at most {@link #STALL}. */
    private Duration stall(Contact c) {
        Duration policy = node.control().policies().callTiming().stallTimeout(c.address(), "ping");
        return policy.compareTo(STALL) < 0 ? policy : STALL;
    }

    /** Passed the configured level within its interval, heard from within the fast interval, and nothing failed since. */
    private boolean fresh(Contact c, long now) {
        PeerRecord r = records.find(c.id());
        return r != null && passedLevel(r, now) && now - r.aliveNanos() < parameters.interval(HealthLevel.FAST).toNanos()
                && !r.doubtful();
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
