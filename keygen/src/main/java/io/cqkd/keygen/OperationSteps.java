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

    /** Prepares every operation's photon; true for each prepared, null or false for each dropped. */
    CompletableFuture<List<Boolean>> prepare(List<Operation> ops) {
        return forEach(ops, preparing, this::prepare);
    }

    /** Whether each operation's bases matched; null or false when the collider cannot say. */
    CompletableFuture<List<Boolean>> sifted(List<Operation> ops) {
        return forEach(ops, sifting, this::sifted);
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
     * dead worker's step is given up at a few times the run's median, see {@link Stragglers}).
     */
    private static <T> CompletableFuture<List<T>> forEach(List<Operation> ops, Stragglers stragglers,
                                                          Function<Operation, CompletableFuture<T>> step) {
        Throttle throttle = new Throttle(Recruiter.WINDOW);
        List<CompletableFuture<T>> running = ops.stream()
                .map(op -> throttle.submit(() -> stragglers.bound(() -> step.apply(op))).exceptionally(e -> null))
                .toList();
        return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
                .thenApply(v -> running.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<BDict> ask(Operation op, Role role, String method, BDict.Builder args) {
        return calls.call(op.workers.get(role), method, args.put("pid", pid).put("op", op.index).build());
    }
}
