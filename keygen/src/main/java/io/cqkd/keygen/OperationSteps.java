package io.cqkd.keygen;

import io.cqkd.dht.async.Throttle;
import io.cqkd.transport.Clock;
import io.cqkd.transport.Scheduler;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BString;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Alice's calls to the workers of her operations: preparing each photon (spin, her basis,
 * polarisation, the photon through the channel to the meter, her basis to the collider) and, after
 * Bob has measured, asking the collider whether their bases matched. Confined to Alice's node loop.
 */
final class OperationSteps {
    private final WorkerCalls calls;
    private final BString pid;
    private final KeygenOptions options;
    private final RandomGenerator random;
    /** The run's preparations, judged against their median: round 2's few against round 1's many. */
    private final Stragglers preparing;
    /** The run's sifting questions, one call each: a median of their own. */
    private final Stragglers sifting;

    OperationSteps(WorkerCalls calls, BString pid, KeygenOptions options, RandomGenerator random,
                   Scheduler scheduler, Clock clock) {
        this.calls = calls;
        this.preparing = new Stragglers(scheduler, clock);
        this.sifting = new Stragglers(scheduler, clock);
        this.pid = pid;
        this.options = options;
        this.random = random;
    }

    /**
     * Prepares every operation's photon; true for each prepared, null or false for each dropped.
     * With {@code loss} (null: never), fails with {@link WorkersLostException} as soon as it judges
     * the round lost, and prepares no more of its operations.
     */
    CompletableFuture<List<Boolean>> prepare(List<Operation> ops, RoundLoss loss) {
        return forEach(ops, preparing, this::prepare, loss);
    }

    /** Whether each operation's bases matched; null or false when the collider cannot say. */
    CompletableFuture<List<Boolean>> sifted(List<Operation> ops) {
        return forEach(ops, sifting, this::sifted, null);
    }

    /** Prepares {@code op}'s photon; completes with false when a worker failed (the operation is dropped). */
    private CompletableFuture<Boolean> prepare(Operation op) {
        CompletableFuture<BDict> spin = ask(op, Role.QSG, Methods.SPIN, BDict.builder());
        CompletableFuture<BDict> basis = ask(op, Role.BG, Methods.BASIS, BDict.builder().put("party", "alice"));
        return spin.thenCombine(basis, (s, b) -> {
            op.spin = (int) s.requireInt("spin");
            op.aliceBasis = Basis.of(b.requireString("basis").asUtf8());
            return op;
        }).thenCompose(o -> ask(op, Role.QPP, Methods.POLARIZE, BDict.builder().put("spin", op.spin)
                        .put("basis", op.aliceBasis.symbol())))
                .thenCompose(p -> {
                    Photon sent = options.channel().transmit(new Photon((int) p.requireInt("polarization")), random);
                    CompletableFuture<BDict> photon = ask(op, Role.QPM, Methods.PHOTON, BDict.builder()
                            .put("polarization", sent.polarizationDegrees()));
                    CompletableFuture<BDict> collide = ask(op, Role.QPC, Methods.COLLIDE, BDict.builder()
                            .put("party", "alice").put("basis", op.aliceBasis.symbol()));
                    return photon.thenCombine(collide, (x, y) -> true);
                })
                .exceptionally(e -> false);
    }

    /** Whether the collider found Alice's and Bob's bases equal for {@code op}; false when it cannot say. */
    private CompletableFuture<Boolean> sifted(Operation op) {
        return ask(op, Role.QPC, Methods.COLLIDE, BDict.builder().put("party", "alice")
                        .put("basis", op.aliceBasis.symbol()))
                .thenApply(r -> r.requireInt("valid") == 1)
                .exceptionally(e -> false);
    }

    /**
     * Runs {@code step} on every operation with at most a window of them in flight (the next starts
     * as each completes); results in operation order, null for a step that failed or straggled (a
     * dead worker's step is given up at a few times the run's median, see {@link Stragglers}). Each
     * step's own outcome — an answer, or a worker's timeout, not the straggler limit, which a live
     * worker's JVM pausing for a collection also crosses — is told to {@code loss} (if any); once
     * it judges the round lost, the result fails and the steps not started yet are skipped.
     */
    private static CompletableFuture<List<Boolean>> forEach(List<Operation> ops, Stragglers stragglers,
            Function<Operation, CompletableFuture<Boolean>> step, RoundLoss loss) {
        Throttle throttle = new Throttle(Recruiter.WINDOW);
        CompletableFuture<List<Boolean>> all = new CompletableFuture<>();
        List<CompletableFuture<Boolean>> running = ops.stream()
                .map(op -> throttle.submit(() -> {
                    if (all.isDone()) {
                        return CompletableFuture.<Boolean>completedFuture(null); // judged lost: no more calls
                    }
                    CompletableFuture<Boolean> outcome = step.apply(op);
                    outcome.whenComplete((done, e) -> judge(loss, e == null && Boolean.TRUE.equals(done), all));
                    return stragglers.bound(() -> outcome);
                }).exceptionally(e -> null))
                .toList();
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
                .thenRun(() -> all.complete(running.stream().map(CompletableFuture::join).toList()));
        return all;
    }

    private static void judge(RoundLoss loss, boolean prepared, CompletableFuture<?> all) {
        if (loss == null || all.isDone()) {
            return;
        }
        loss.record(prepared);
        if (loss.isLost()) {
            all.completeExceptionally(new WorkersLostException("workers died under the run: " + loss.failed()
                    + " of the first " + loss.finished() + " of " + loss.operations() + " operations lost"));
        }
    }

    private CompletableFuture<BDict> ask(Operation op, Role role, String method, BDict.Builder args) {
        return calls.call(op.workers.get(role), method, args.put("pid", pid).put("op", op.index).build());
    }
}
