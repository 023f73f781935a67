package io.cqkd.keygen;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.async.Futures;
import io.cqkd.dht.async.Throttle;
import io.cqkd.dht.discovery.Discovery;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BInt;
import io.cqkd.wire.BString;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Finds workers for one run and leases them their roles: the {@link Discovery} (random walks, or
 * with phase 4 only nodes whose health was checked) names nodes not asked before, and each is
 * offered a role ({@code cqkd_role_request}) until every operation has a worker for it. The five
 * roles fill side by side, each with a window of offers a few more than its missing roles
 * ({@link #spare}); a dead candidate costs one slot for one stall and never holds the run up. A
 * discovery round nobody answered (Alice's own slots all busy) waits a moment rather than counting
 * as proof that the DHT has no more nodes. Gives every lease back at the end. Confined to Alice's
 * node loop.
 */
final class Recruiter {
    /** Offers in flight at once for one role (five per run): a steady load, not a burst of thousands. */
    static final int WINDOW = 64;
    /**
     * Offers of one run unanswered at once (stalled included), as a share of Alice's call slots,
     * which her lookups, checks and other runs need too. A quarter (1,024 of an Alice process's
     * 4,096): after a worker process dies a run offers a few hundred roles to dead nodes, and
     * below that bound their timeouts never hold the run up.
     */
    static final int OFFERS_SHARE_OF_CALL_SLOTS = 4;
    /**
     * Candidates asked for per operation before the run starts: five roles and three to spare.
     * Right after a worker process dies a fifth of them may be dead; with 60 % to spare the roles
     * still fill from the first answer (with 20 %, the run waited for more). Unused ones cost nothing.
     */
    static final int CANDIDATES_PER_OPERATION = 8;
    /**
     * A later round of a run that may give way to a fresh one does so when a discovery round for it
     * finds fewer new nodes than 1/this of its roles: the run has met most of the network. Found
     * 0–48 for 265–400 roles, ~7 s each, a run hunted 170 s (`SecondRoundInASmallNetworkTest`); with
     * room (`KeyGenerationUnderFailureTest`), 108–161 for 490, and the round filled.
     */
    static final int MEAGRE_YIELD_SHARE = 8;
    /** Searches in a row that find no new node before a role counts as unfillable. */
    private static final int MAX_FRUITLESS_SEARCHES = 4;
    /** The wait after a discovery round nobody answered: long enough for stuck calls to time out. */
    private static final Duration OVERLOADED_PAUSE = Duration.ofMillis(500);

    private final DhtNode node;
    private final WorkerCalls calls;
    private final BString pid;
    private final KeygenOptions options;
    private final BooleanSupplier cancelled;
    private final CandidatePool candidates;
    private final Set<Contact> recruited = new LinkedHashSet<>();
    /** Candidates offered a role, in order: a worker whose acceptance was lost holds a lease too. */
    private final Set<Contact> offered = new LinkedHashSet<>();
    /** A role could not be filled: the run fails, and no more offers are made. */
    private boolean failed;
    /** Offers of this run awaiting their answer, stalled or not. */
    private int offersInFlight;
    private final OfferTiming timing;

    /** {@code avoid}: nodes not to offer a role to (the silent workers of the run this one replaces). */
    Recruiter(DhtNode node, WorkerCalls calls, Discovery discovery, Contact bob, Set<NodeId> avoid, BString pid,
              KeygenOptions options, BooleanSupplier cancelled) {
        this.node = node;
        this.calls = calls;
        this.candidates = new CandidatePool(discovery, avoid, node.id(), bob.id());
        this.timing = new OfferTiming(node);
        this.pid = pid;
        this.options = options;
        this.cancelled = cancelled;
    }

    /** Distinct workers that accepted a lease. */
    int recruitedCount() {
        return recruited.size();
    }

    /**
     * Leases every role of every operation that lacks one, the five roles side by side. Asks the
     * discovery for {@link #CANDIDATES_PER_OPERATION} candidates per operation first, but searches again only
     * while fewer than one per role wait: the spares are not worth a random walk before the run
     * starts, when the discovery may find more later, while the roles are being filled.
     */
    CompletableFuture<Void> recruitAll(List<Operation> ops, boolean mayGiveWay) {
        int needed = Role.values().length * ops.size();
        int minYield = mayGiveWay ? Math.max(1, needed / MEAGRE_YIELD_SHARE) : 1;
        return candidates.fill(needed, CANDIDATES_PER_OPERATION * ops.size(), minYield, this::stopped,
                        () -> later(OVERLOADED_PAUSE))
                .thenCompose(enough -> enough || !mayGiveWay ? everyRoleAtOnce(ops)
                        : CompletableFuture.failedFuture(new NotEnoughWorkersException("the workers this run has not"
                                + " used yet cannot fill its round: a search found fewer than " + minYield + " of "
                                + needed + " new nodes")));
    }

    /**
     * Fills the five roles side by side, each with its own window. One after another, right after a
     * worker process died, each role waited for its own dead candidates' stalls (a stranger's stall
     * is ~50–200 ms here): recruiting took 0.9–1.1 s against 0.1 s. Side by side, the five roles'
     * stalls overlap. Fails with the first role that cannot be filled, and the others stop offering.
     */
    private CompletableFuture<Void> everyRoleAtOnce(List<Operation> ops) {
        CompletableFuture<Void> all = new CompletableFuture<>();
        int[] rolesLeft = {Role.values().length};
        for (Role role : Role.values()) {
            recruit(role, ops, 0).whenComplete((v, e) -> {
                if (e != null) {
                    failed = true;
                    all.completeExceptionally(e);
                } else if (--rolesLeft[0] == 0) {
                    all.complete(null);
                }
            });
        }
        return all;
    }

    /** Whether new offers are pointless: the run was cancelled or a role could not be filled. */
    private boolean stopped() {
        return failed || cancelled.getAsBoolean();
    }

    private CompletableFuture<Void> recruit(Role role, List<Operation> ops, int fruitlessSearches) {
        ArrayDeque<Operation> missing = new ArrayDeque<>(ops.stream().filter(op -> !op.has(role)).toList());
        if (missing.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        int[] asking = {0};
        CompletableFuture<Void> filled = new CompletableFuture<>();
        CompletableFuture<Void> asked = new Throttle(WINDOW).pump(() -> {
            if (stopped() || missing.isEmpty() || asking[0] >= missing.size() + spare(missing.size())
                    || candidates.isEmpty()) {
                return null; // all assigned or being asked, or out of candidates: the caller decides
            }
            Contact candidate = candidates.poll();
            asking[0]++;
            return () -> {
                offersInFlight++;
                CompletableFuture<Boolean> answer = offer(candidate, role).thenApply(accepted -> {
                    offersInFlight--;
                    if (accepted) {
                        assign(candidate, role, missing, filled);
                    }
                    return accepted;
                });
                // The offer's slot is freed by its answer or its stall, whichever comes first — a
                // stalled offer may still be accepted, and is then assigned like any other — but
                // never while maxOffersInFlight() offers are unanswered: those hold Alice's call slots.
                CompletableFuture<?> stalled = later(timing.stall(candidate)).thenCompose(v ->
                        offersInFlight < maxOffersInFlight() ? CompletableFuture.completedFuture(null) : answer);
                return CompletableFuture.anyOf(answer, stalled).thenAccept(v -> asking[0]--);
            };
        });
        // The role is done once every operation has it: offers still waiting on a dead candidate's
        // timeout do not hold the run up.
        return CompletableFuture.anyOf(filled, asked).thenCompose(v -> {
            long stillMissing = ops.stream().filter(op -> !op.has(role)).count();
            if (stillMissing == 0) {
                return CompletableFuture.completedFuture(null);
            }
            if (stopped() || !candidates.mayAskAgain() || fruitlessSearches >= MAX_FRUITLESS_SEARCHES) {
                return CompletableFuture.failedFuture(new NotEnoughWorkersException("not enough workers: " + recruited.size()
                        + " recruited, " + stillMissing + " more " + role + " needed, and the DHT shows no more"));
            }
            return candidates.searchForMore(WINDOW).thenCompose(found -> {
                if (found < 0) { // Alice's calls refused or unanswered: not proof of an empty DHT
                    return later(OVERLOADED_PAUSE).thenCompose(v2 -> recruit(role, ops, fruitlessSearches));
                }
                return recruit(role, ops, found > 0 ? 0 : fruitlessSearches + 1);
            });
        });
    }

    /** {@code candidate} accepted {@code role}: it takes the next operation still lacking it, or its lease goes back. */
    private void assign(Contact candidate, Role role, ArrayDeque<Operation> missing, CompletableFuture<Void> filled) {
        if (stopped()) { // accepted after the run gave up: nobody will use it
            release(candidate);
            return;
        }
        Operation op = missing.poll();
        while (op != null && op.has(role)) { // filled meanwhile by a later round's offer
            op = missing.poll();
        }
        if (op == null) {
            // A spare or late offer accepted after the role was filled: its lease goes back, and the
            // worker, alive and willing, is the first candidate for the next role.
            release(candidate).whenComplete((r, e) -> candidates.putFirst(candidate));
            return;
        }
        recruited.add(candidate);
        op.workers.put(role, candidate);
        if (missing.isEmpty()) {
            filled.complete(null);
        }
    }

    /**
     * Offers sent beyond the roles still missing: a third more, at least four. Right after a worker
     * process dies, the discovery's last check of some candidates is a few seconds old; with spare
     * offers the role fills from the live ones, and a dead candidate costs the run nothing.
     */
    static int spare(int missing) {
        return Math.max(4, missing / 3);
    }

    /** Whether {@code candidate} accepted {@code role} for this run. */
    private CompletableFuture<Boolean> offer(Contact candidate, Role role) {
        offered.add(candidate);
        long start = node.clock().nanoTime();
        return calls.call(candidate, Methods.ROLE_REQUEST, BDict.builder().put("pid", pid)
                        .put("role", role.name()).put("lease", options.lease().toSeconds()).build(), timing.timeout(candidate))
                .handle((r, e) -> {
                    if (e != null) {
                        return false;
                    }
                    timing.answered(node.clock().nanoTime() - start);
                    return r.get("accept") instanceof BInt a && a.value() == 1;
                });
    }

    private int maxOffersInFlight() {
        return Math.max(1, node.config().maxOutstandingRpcs() / OFFERS_SHARE_OF_CALL_SLOTS);
    }

    /**
     * Releases in flight at once: as many as the run's five recruiting windows, within the offers'
     * share of Alice's call slots. (Not kept for preparing operations: the burst slowed the
     * workers' answers until later ones looked like stragglers; runs restarted with none dead.)
     */
    private int releaseWindow() {
        return Math.min(WINDOW * Role.values().length, maxOffersInFlight());
    }

    private CompletableFuture<Void> later(Duration delay) {
        return Futures.after(node.scheduler(), delay);
    }

    private CompletableFuture<BDict> release(Contact worker) {
        return calls.call(worker, Methods.ROLE_RELEASE, BDict.builder().put("pid", pid).build(), timing.timeout(worker));
    }

    /**
     * Gives every lease back: first to the recruits that answered every call of the run, then to
     * those whose offer went unanswered (an acceptance may have been lost; a worker holds at most 2
     * of one requester's leases). A recruit silent since is left to its lease's expiry: most likely
     * dead, and a release to it holds a call slot for a timeout. As fast as the run recruited: with
     * one window, releases were still under way when the next run asked the same workers.
     */
    void releaseAll() {
        Throttle throttle = new Throttle(releaseWindow());
        for (Contact c : new ArrayList<>(recruited)) {
            if (!calls.wasSilent(c)) {
                throttle.submit(() -> release(c));
            }
        }
        for (Contact c : new ArrayList<>(offered)) {
            if (calls.wasSilent(c) && !recruited.contains(c)) {
                throttle.submit(() -> release(c));
            }
        }
    }
}
