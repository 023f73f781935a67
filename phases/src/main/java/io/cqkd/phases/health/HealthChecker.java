package io.cqkd.phases.health;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.routing.NodeState;
import io.cqkd.dht.routing.RoutingEntry;
import io.cqkd.phases.health.CheckOutcome.Verdict;
import io.cqkd.phases.health.PeerRecords.PeerRecord;
import io.cqkd.transport.Cancellable;
import io.cqkd.wire.krpc.Contact;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * Keeps every routing entry checked. Every {@link #TICK} it looks for entries that are due — silent
 * for the fast interval, or unchecked at a deeper level for that level's interval — and checks each
 * at the deepest level due, at most {@code concurrency} at once; a peer whose call just timed out is
 * checked first ({@link #checkSoon}). A check that passes renews the peer; one that went unanswered
 * makes it a suspect; one answered wrongly is proof, and the peer is declared dead at once.
 * Confined to the node's loop.
 */
final class HealthChecker {
    /** How often due entries are looked for: a dead one waits at most this past its interval. */
    static final Duration TICK = Duration.ofSeconds(1);
    /** Peers waiting for an early check; past this, a timed-out peer waits for its turn (counted). */
    static final int SOON_CAPACITY = 256;

    private final DhtNode node;
    /** The levels above a ping, deepest first: an entry due for both gets the deeper check. */
    private static final HealthLevel[] DEEPER_FIRST = {HealthLevel.DEEP, HealthLevel.MEDIUM};

    private final HealthParameters parameters;
    private final PeerRecords records;
    private final Suspicions suspicions;
    private final HealthCheck check;
    private final Awareness awareness;
    private final HealthCounters counters;
    private final CallRoom room;
    private final BiConsumer<Contact, String> declareDead;
    private final RandomGenerator random;
    private final ArrayDeque<Contact> soon = new ArrayDeque<>();
    private int running;
    private Cancellable timer;

    HealthChecker(DhtNode node, HealthParameters parameters, PeerRecords records, Suspicions suspicions,
                  HealthCheck check, Awareness awareness, HealthCounters counters, CallRoom room,
                  BiConsumer<Contact, String> declareDead, RandomGenerator random) {
        this.node = node;
        this.parameters = parameters;
        this.records = records;
        this.suspicions = suspicions;
        this.check = check;
        this.awareness = awareness;
        this.counters = counters;
        this.room = room;
        this.declareDead = declareDead;
        this.random = random;
    }

    /** Starts the sweeps, the first after {@code firstDelay} (spread, so a process's nodes do not tick together). */
    void start(Duration firstDelay) {
        if (timer == null) {
            timer = node.scheduler().schedule(firstDelay, this::tick);
        }
    }

    void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        soon.clear();
    }

    boolean running() {
        return timer != null;
    }

    /** A call to {@code peer} timed out: check it before the sweep would. */
    void checkSoon(Contact peer) {
        if (timer == null || suspicions.isSuspect(peer.id()) || soon.contains(peer)) {
            return;
        }
        PeerRecord r = records.find(peer.id());
        if (r != null && r.checking) {
            return;
        }
        if (soon.size() >= SOON_CAPACITY) {
            counters.checkDropped();
            return;
        }
        soon.add(peer);
        pump();
    }

    private void tick() {
        if (node.isStopped() || timer == null) {
            return;
        }
        timer = node.scheduler().schedule(TICK, this::tick);
        pump();
        if (running >= parameters.concurrency()) {
            return;
        }
        long now = now();
        List<Due> due = new ArrayList<>();
        for (List<RoutingEntry> bucket : node.routingTable().bucketsSnapshot().values()) {
            for (RoutingEntry e : bucket) {
                HealthLevel level = dueLevel(e, now);
                if (level != null) {
                    due.add(new Due(new Contact(e.id(), e.address()), level, aliveNanos(e)));
                }
            }
        }
        // The longest silent first: when many die at once, the likely dead are checked before the rest.
        due.sort(Comparator.comparingLong(Due::aliveNanos));
        for (Due d : due) {
            if (running >= parameters.concurrency() || !room.admit("check")) {
                return;
            }
            start(d.peer(), d.level());
        }
    }

    private record Due(Contact peer, HealthLevel level, long aliveNanos) { }

    private long aliveNanos(RoutingEntry e) {
        PeerRecord r = records.find(e.id());
        return Math.max(r == null ? Long.MIN_VALUE : r.aliveNanos(), e.lastActivityNanos());
    }

    /** Runs the early checks waiting, as far as the concurrency allows. */
    private void pump() {
        while (running < parameters.concurrency() && !soon.isEmpty() && room.admit("check")) {
            Contact peer = soon.poll();
            if (!suspicions.isSuspect(peer.id())) {
                start(peer, HealthLevel.FAST);
            }
        }
    }

    /** The deepest level {@code e} is due for, or null. */
    private HealthLevel dueLevel(RoutingEntry e, long now) {
        if (suspicions.isSuspect(e.id()) || node.routingTable().stateOf(e, now) == NodeState.BAD) {
            return null;
        }
        PeerRecord r = records.of(e.id());
        if (r.checking) {
            return null;
        }
        if (r.firstSeenNanos == Long.MIN_VALUE) {
            // A new entry's first deeper checks come at a random point of their interval, not all at once.
            r.firstSeenNanos = now - (long) (random.nextDouble() * interval(HealthLevel.MEDIUM));
        }
        for (HealthLevel level : DEEPER_FIRST) {
            long since = r.passed(level) == Long.MIN_VALUE ? r.firstSeenNanos : r.passed(level);
            if (parameters.level().includes(level) && now - since >= interval(level)) {
                return level;
            }
        }
        long alive = Math.max(r.aliveNanos(), e.lastActivityNanos());
        return now - alive >= interval(HealthLevel.FAST) ? HealthLevel.FAST : null;
    }

    private long interval(HealthLevel level) {
        return parameters.interval(level).toNanos();
    }

    private void start(Contact peer, HealthLevel level) {
        PeerRecord r = records.of(peer.id());
        r.checking = true;
        running++;
        CompletableFuture<CheckOutcome> outcome = check.run(peer, level, timeout(level), pingTimeout());
        outcome.whenComplete((o, error) -> {
            running--;
            records.of(peer.id()).checking = false;
            if (o != null) {
                done(peer, level, o);
            }
            pump();
        });
    }

    private void done(Contact peer, HealthLevel level, CheckOutcome o) {
        counters.checkDone(level, o);
        counters.rpcs("check", o.rpcs());
        switch (o.verdict()) {
            case PASSED -> {
                records.passed(peer.id(), level, now());
                awareness.checkPassed();
                suspicions.cleared(peer.id());
            }
            case UNREACHABLE -> {
                records.failed(peer.id(), now());
                suspicions.suspect(peer);
            }
            case FAULTY -> {
                records.failed(peer.id(), now());
                declareDead.accept(peer, o.reason());
            }
            case NOT_CHECKED -> { }
        }
    }

    private long now() {
        return node.clock().nanoTime();
    }

    /** How long a check at {@code level} may take: the level's timeout, stretched by our awareness. */
    private Duration timeout(HealthLevel level) {
        return parameters.timeout(level).multipliedBy(awareness.multiplier());
    }

    /** How long a check's first ping may take: the fast timeout, stretched like every timeout. */
    private Duration pingTimeout() {
        return timeout(HealthLevel.FAST);
    }

    /** Checks {@code peer} at {@code level} now, outside the sweep (discovery verifying a candidate). */
    CompletableFuture<CheckOutcome> checkNow(Contact peer, HealthLevel level) {
        return check.run(peer, level, timeout(level), pingTimeout()).thenApply(o -> {
            done(peer, level, o);
            return o;
        });
    }

    static boolean passed(CheckOutcome o) {
        return o.verdict() == Verdict.PASSED;
    }
}
