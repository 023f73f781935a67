package io.cqkd.keygen;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.discovery.Discovery;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BString;
import io.cqkd.wire.NodeId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * One key-generation run on Alice's side: rounds of operations (recruit, prepare, shuffle with the
 * sorting rule, have Bob measure, sift) until enough bits are sifted; then the sifted key is agreed
 * with Bob, the error rate is estimated on a disclosed sample, and the run either aborts or
 * reconciles the keys and checks them equal. Confined to Alice's node loop.
 */
final class KeyRun {
    /** Sifted positions per message to Bob: keeps each datagram well under the packet limit. */
    private static final int SIFT_CHUNK = 300;
    /**
     * Gatherings of more bits after a reconciliation that disclosed more than planned: each needs a
     * round of operations; three cover a sample that understated the errors several times over.
     */
    private static final int MAX_EXTENSIONS = 3;
    /**
     * Share of the first round's operations lost (not prepared, or not measured by Bob) above which
     * the run gives way to a fresh one, when it may. A healthy round loses next to none; a tenth of
     * the workers dead loses two fifths (five workers an operation), which another round makes up
     * from the workers left over; a fifth dead (one of five worker processes) loses two thirds, more
     * than a network sized for one run has left.
     */
    static final double RESTART_LOSS = 0.5;

    private final DhtNode node;
    private final BobLink bob;
    private final KeygenOptions options;
    private final RandomGenerator random;
    private final byte[] pidBytes = new byte[16];
    private final BString pid;
    private final long startNanos;
    private final WorkerCalls calls;
    private final Recruiter recruiter;
    private final OperationSteps steps;
    private final List<Integer> siftedOps = new ArrayList<>();
    private final List<Integer> aliceBits = new ArrayList<>();
    private final boolean mayRestart;
    private int operations;
    private int rounds;
    /** Sifted bits to gather: at first for an error-free channel, raised once the sample shows errors. */
    private int target;
    /** Sifted operations Bob has been told of. */
    private int siftedWithBob;
    /** Bits reconciled so far (from the start of the key), parities disclosed and bits corrected doing it. */
    private int reconciledBits;
    private int parityBits;
    private int correctedBits;
    /** Times more bits were gathered because reconciliation disclosed more than planned. */
    private int extensions;
    /** What the run is doing, for the error message when the deadline passes. */
    private String phase = "starting";
    private boolean cancelled;

    /**
     * @param avoid      nodes not to recruit (the workers the run this one replaces found silent)
     * @param mayRestart whether the request can start a fresh run if this one loses its workers
     */
    KeyRun(DhtNode node, BobLink bob, KeygenOptions options, RandomGenerator random, Discovery discovery,
           Set<NodeId> avoid, boolean mayRestart) {
        this.mayRestart = mayRestart;
        this.node = node;
        this.bob = bob;
        this.options = options;
        this.random = random;
        random.nextBytes(pidBytes);
        this.pid = BString.of(pidBytes);
        this.startNanos = node.clock().nanoTime();
        this.calls = new WorkerCalls(node, random);
        this.recruiter = new Recruiter(node, calls, discovery, bob.bob(), avoid, pid, options, () -> cancelled);
        this.steps = new OperationSteps(calls, pid, options, random, node.scheduler(), node.clock());
        this.target = options.siftedBitsPlanned();
    }

    String phase() {
        return phase;
    }

    /** Stops starting work: what is in flight fails or is ignored; the leases are given back. */
    void cancel() {
        cancelled = true;
        recruiter.releaseAll();
    }

    /** Rounds of operations started so far. */
    int rounds() {
        return rounds;
    }

    boolean cancelled() {
        return cancelled;
    }

    /** The workers a call of this run timed out on: most likely dead. */
    Set<NodeId> silentWorkers() {
        return calls.silentIds();
    }

    void releaseLeases() {
        recruiter.releaseAll();
    }

    CompletableFuture<KeyResult> start() {
        return round().thenCompose(ignored -> finish()).whenComplete((r, e) -> bob.ended(pid));
    }

    private int needed() {
        return target;
    }

    /** Runs rounds of operations until enough bits are sifted. */
    private CompletableFuture<Void> round() {
        if (cancelled) {
            return CompletableFuture.failedFuture(new KeygenException("cancelled at the deadline"));
        }
        int deficit = needed() - siftedOps.size();
        if (deficit <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        if (rounds == options.maxRounds()) {
            return CompletableFuture.failedFuture(new KeygenException("only " + siftedOps.size() + " of " + needed()
                    + " sifted bits after " + rounds + " rounds of operations"));
        }
        rounds++;
        int count = KeygenOptions.operationsFor(deficit);
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ops.add(new Operation(operations + i));
        }
        operations += count;
        phase = "recruiting for round " + rounds;
        return recruiter.recruitAll(ops, mayRestart && rounds > 1)
                .thenCompose(v -> {
                    phase = "preparing photons, round " + rounds;
                    return steps.prepare(ops, mayRestart && rounds == 1 ? new RoundLoss(ops.size(), RESTART_LOSS) : null);
                })
                .thenCompose(prepared -> {
                    List<Operation> ready = new ArrayList<>();
                    for (int i = 0; i < ops.size(); i++) {
                        if (Boolean.TRUE.equals(prepared.get(i))) {
                            ready.add(ops.get(i));
                        }
                    }
                    ready.sort(Comparator.comparing(op -> SortingRule.key(pidBytes, op.index), Arrays::compareUnsigned));
                    phase = "waiting for Bob, round " + rounds;
                    return bob.notify(pid, ready).thenCompose(failed -> {
                        List<Operation> measured = ready.stream().filter(op -> !failed.contains(op.index)).toList();
                        int lost = ops.size() - measured.size();
                        if (mayRestart && rounds == 1 && lost > RESTART_LOSS * ops.size()) {
                            return CompletableFuture.failedFuture(new WorkersLostException("workers died under the run: "
                                    + lost + " of " + ops.size() + " operations lost"));
                        }
                        return sift(measured);
                    });
                })
                .thenCompose(v -> round());
    }

    /** Keeps the measured operations whose bases matched, in the shuffled order. */
    private CompletableFuture<Void> sift(List<Operation> measured) {
        phase = "sifting, round " + rounds;
        return steps.sifted(measured).thenAccept(valid -> {
            for (int i = 0; i < measured.size(); i++) {
                if (Boolean.TRUE.equals(valid.get(i))) {
                    siftedOps.add(measured.get(i).index);
                    aliceBits.add(measured.get(i).spin);
                }
            }
        });
    }

    /** Tells Bob the sifted operations in order, estimates the error rate, then reconciles or aborts. */
    private CompletableFuture<KeyResult> finish() {
        phase = "sifting with Bob";
        return siftWithBob().thenCompose(v -> {
            phase = "estimating the error rate";
            return ErrorEstimate.sample(aliceBits, options.sampleBits(), random, this::bobCall);
        }).thenCompose(this::gatherEnoughThenReconcile);
    }

    /** Sends Bob the sifted operations he has not been told of yet, in datagram-sized chunks. */
    private CompletableFuture<Void> siftWithBob() {
        CompletableFuture<Void> sift = CompletableFuture.completedFuture(null);
        for (int start = siftedWithBob; start < siftedOps.size(); start += SIFT_CHUNK) {
            List<Integer> chunk = siftedOps.subList(start, Math.min(siftedOps.size(), start + SIFT_CHUNK));
            int append = start == 0 ? 0 : 1;
            sift = sift.thenCompose(v -> bobCall(Methods.SIFT, BDict.builder().put("ops", Messages.ints(chunk))
                    .put("append", append)).thenAccept(r -> { }));
        }
        siftedWithBob = siftedOps.size();
        return sift;
    }

    /**
     * Aborts above the error-rate threshold; else, when the error rate asks for more reconciled bits
     * than were gathered (reconciliation will disclose more), runs more rounds first.
     */
    private CompletableFuture<KeyResult> gatherEnoughThenReconcile(double qber) {
        if (qber > options.qberThreshold()) {
            String reason = String.format(Locale.ROOT,
                    "error rate %.1f %% above the %.1f %% threshold: eavesdropping or a bad channel suspected",
                    100 * qber, 100 * options.qberThreshold());
            return bobCall(Methods.FINISH, BDict.builder().put("abort", 1))
                    .handle((r, e) -> result(null, qber, null, reason));
        }
        int missing = PrivacyAmplification.reconciledBitsFor(options.keyBits(), qber) - aliceBits.size();
        if (missing <= 0) {
            return reconcile(qber);
        }
        target = siftedOps.size() + missing;
        return round().thenCompose(v -> {
            phase = "sifting the extra bits with Bob";
            return siftWithBob();
        }).thenCompose(v -> reconcile(qber));
    }

    /**
     * Reconciles the bits not reconciled yet. When reconciliation disclosed more than planned (the
     * sample understated the errors) and too few secret bits are left, gathers more and reconciles
     * them on their own, at most {@link #MAX_EXTENSIONS} times; then confirms and amplifies.
     */
    private CompletableFuture<KeyResult> reconcile(double qber) {
        phase = "reconciling";
        int from = reconciledBits;
        Reconciliation reconciliation = new Reconciliation(aliceBits.subList(from, aliceBits.size()), from, pidBytes,
                PrivacyAmplification.firstBlockSize(qber), this::bobCall);
        return reconciliation.run().thenCompose(corrected -> {
            reconciledBits = aliceBits.size();
            parityBits += reconciliation.disclosed();
            correctedBits += corrected;
            Disclosure disclosed = new Disclosure(options.sampleBits(), reconciledBits, parityBits,
                    PrivacyAmplification.CONFIRMATION_BITS, PrivacyAmplification.MARGIN_BITS);
            int lacking = options.keyBits() - disclosed.secretBits();
            if (lacking <= 0) {
                return confirm(qber, disclosed);
            }
            if (extensions == MAX_EXTENSIONS) {
                String reason = "reconciliation disclosed " + parityBits + " of " + reconciledBits
                        + " bits: too few secret bits left for a " + options.keyBits() + "-bit key; run aborted, no key";
                return bobCall(Methods.FINISH, BDict.builder().put("abort", 1))
                        .handle((r, e) -> result(null, qber, disclosed, reason));
            }
            extensions++;
            target = siftedOps.size() + PrivacyAmplification.extraBitsFor(lacking, qber);
            return round().thenCompose(v -> {
                phase = "sifting the extra bits with Bob";
                return siftWithBob();
            }).thenCompose(v -> reconcile(qber));
        });
    }

    /** Checks with Bob that the reconciled keys are equal, then both shorten them to the key. */
    private CompletableFuture<KeyResult> confirm(double qber, Disclosure disclosed) {
        phase = "confirming";
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        return bobCall(Methods.FINISH, BDict.builder().put("abort", 0).put("seed", seed).put("bits", options.keyBits()))
                .thenApply(r -> r.requireInt("tag") == PrivacyAmplification.confirmationTag(aliceBits, seed)
                        ? result(PrivacyAmplification.toeplitz(aliceBits, options.keyBits(), seed), qber, disclosed, null)
                        : result(null, qber, disclosed, "reconciliation left the keys different: run aborted, no key"));
    }

    /** The run's result: with {@code key}, or aborted for {@code reason} when {@code key} is null. */
    private KeyResult result(List<Integer> key, double qber, Disclosure disclosed, String reason) {
        return new KeyResult(pidBytes.clone(), options.keyBits(), key == null ? List.of() : List.copyOf(key), key == null,
                reason, qber, options.sampleBits(), operations, recruiter.recruitedCount(), rounds, correctedBits,
                node.clock().nanoTime() - startNanos, 0, disclosed);
    }

    private CompletableFuture<BDict> bobCall(String method, BDict.Builder args) {
        return bob.call(pid, method, args);
    }
}
