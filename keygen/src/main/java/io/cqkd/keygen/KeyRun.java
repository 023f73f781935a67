package io.cqkd.keygen;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.discovery.Discovery;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BString;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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

    private final DhtNode node;
    private final BobLink bob;
    private final KeygenOptions options;
    private final RandomGenerator random;
    private final byte[] pidBytes = new byte[16];
    private final BString pid;
    private final long startNanos;
    private final Recruiter recruiter;
    private final OperationSteps steps;
    private final List<Integer> siftedOps = new ArrayList<>();
    private final List<Integer> aliceBits = new ArrayList<>();
    private int operations;
    private int rounds;
    /** What the run is doing, for the error message when the deadline passes. */
    private String phase = "starting";
    private boolean cancelled;

    KeyRun(DhtNode node, BobLink bob, KeygenOptions options, RandomGenerator random, Discovery discovery) {
        this.node = node;
        this.bob = bob;
        this.options = options;
        this.random = random;
        random.nextBytes(pidBytes);
        this.pid = BString.of(pidBytes);
        this.startNanos = node.clock().nanoTime();
        WorkerCalls calls = new WorkerCalls(node, random);
        this.recruiter = new Recruiter(node, calls, discovery, bob.bob(), pid, options, () -> cancelled);
        this.steps = new OperationSteps(calls, pid, options, random, node.scheduler(), node.clock());
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

    void releaseLeases() {
        recruiter.releaseAll();
    }

    CompletableFuture<KeyResult> start() {
        return round().thenCompose(ignored -> finish()).whenComplete((r, e) -> bob.ended(pid));
    }

    private int needed() {
        return options.keyBits() + options.sampleBits();
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
        return recruiter.recruitAll(ops)
                .thenCompose(v -> {
                    phase = "preparing photons, round " + rounds;
                    return steps.prepare(ops);
                })
                .thenCompose(prepared -> {
                    List<Operation> ready = new ArrayList<>();
                    for (int i = 0; i < ops.size(); i++) {
                        if (Boolean.TRUE.equals(prepared.get(i))) {
                            ready.add(ops.get(i));
                        }
                    }
                    ready.sort(Comparator.comparing(op -> sortingKey(op.index), Arrays::compareUnsigned));
                    phase = "waiting for Bob, round " + rounds;
                    return bob.notify(pid, ready).thenCompose(failed -> sift(ready.stream()
                            .filter(op -> !failed.contains(op.index)).toList()));
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

    /** The sorting rule Alice and Bob share: operations ordered by SHA-256(pid, op). */
    private byte[] sortingKey(int op) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(pidBytes);
            sha.update(ByteBuffer.allocate(4).putInt(op).array());
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Tells Bob the sifted operations in order, estimates the error rate, then reconciles or aborts. */
    private CompletableFuture<KeyResult> finish() {
        phase = "sifting with Bob";
        CompletableFuture<Void> sift = CompletableFuture.completedFuture(null);
        for (int start = 0; start < siftedOps.size(); start += SIFT_CHUNK) {
            List<Integer> chunk = siftedOps.subList(start, Math.min(siftedOps.size(), start + SIFT_CHUNK));
            int append = start == 0 ? 0 : 1;
            sift = sift.thenCompose(v -> bobCall(Methods.SIFT, BDict.builder().put("ops", Messages.ints(chunk))
                    .put("append", append)).thenAccept(r -> { }));
        }
        return sift.thenCompose(v -> {
            phase = "estimating the error rate";
            return ErrorEstimate.sample(aliceBits, options.sampleBits(), options.keyBits(), random, this::bobCall);
        }).thenCompose(this::reconcileOrAbort);
    }

    private CompletableFuture<KeyResult> reconcileOrAbort(double qber) {
        if (qber > options.qberThreshold()) {
            String reason = String.format(Locale.ROOT,
                    "error rate %.1f %% above the %.1f %% threshold: eavesdropping or a bad channel suspected",
                    100 * qber, 100 * options.qberThreshold());
            return bobCall(Methods.FINISH, BDict.builder().put("abort", 1))
                    .handle((r, e) -> result(false, qber, 0, true, reason));
        }
        phase = "reconciling";
        return new Reconciliation(aliceBits, pidBytes, this::bobCall).run().thenCompose(corrected -> {
            phase = "confirming";
            return bobCall(Methods.FINISH, BDict.builder().put("abort", 0)).thenApply(r -> {
                boolean equal = Arrays.equals(r.requireString("hash").toBytes(), BobService.sha256(aliceBits));
                return equal ? result(true, qber, corrected, false, null)
                        : result(false, qber, corrected, true, "reconciliation left the keys different: run aborted, no key");
            });
        });
    }

    private KeyResult result(boolean withKey, double qber, int corrected, boolean aborted, String reason) {
        return new KeyResult(pidBytes.clone(), options.keyBits(), withKey ? List.copyOf(aliceBits) : List.of(), aborted,
                reason, qber, options.sampleBits(), operations, recruiter.recruitedCount(), rounds, corrected,
                node.clock().nanoTime() - startNanos, 0);
    }

    private CompletableFuture<BDict> bobCall(String method, BDict.Builder args) {
        return bob.call(pid, method, args);
    }
}
