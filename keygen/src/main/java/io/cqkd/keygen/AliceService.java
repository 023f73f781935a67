package io.cqkd.keygen;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.transport.Cancellable;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BList;
import io.cqkd.wire.BString;
import io.cqkd.wire.BValue;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Alice's side: sizes the job, finds workers through the DHT, leases them their roles, runs the
 * operations (spin, her basis, polarisation, photon to the meter, her basis to the collider),
 * shuffles them with the sorting rule and notifies Bob, sifts, estimates the error rate on a
 * disclosed sample, reconciles the keys with parity checks and checks that they are equal. A round
 * that ends short of sifted bits is followed by another with new workers. Runs on her node's loop.
 */
public final class AliceService {
    /** Calls in flight at once from one run: a steady load, not a burst of thousands. */
    private static final int WAVE = 64;
    /** Operations per notification to Bob: keeps each datagram well under the packet limit. */
    private static final int NOTIFY_CHUNK = 25;
    private static final int SIFT_CHUNK = 300;
    private static final int MAX_DISCOVERY_LOOKUPS = 2_000;

    private final DhtNode node;
    private final Contact bob;
    private final RandomGenerator random;
    private final Map<String, CompletableFuture<List<Integer>>> bobBatches = new HashMap<>();

    public AliceService(DhtNode node, Contact bob, RandomGenerator random) {
        this.node = node;
        this.bob = bob;
        this.random = random;
        node.registerExtension(Methods.BOB_DONE, (caller, a) -> {
            CompletableFuture<List<Integer>> batch = bobBatches.remove(batchKey(a.requireString("pid"),
                    (int) a.requireInt("batch")));
            if (batch != null) {
                batch.complete(Messages.ints(a, "failed"));
            }
            return CompletableFuture.completedFuture(BDict.empty());
        });
    }

    /** Generates a key with Bob; completes on Alice's node loop. */
    public CompletableFuture<KeyResult> generate(KeygenOptions options) {
        CompletableFuture<KeyResult> result = new CompletableFuture<>();
        node.scheduler().execute(() -> {
            Run run = new Run(options);
            Cancellable deadline = node.scheduler().schedule(options.deadline(), () -> {
                run.cancelled = true; // stop starting work; what is in flight fails or is ignored
                run.releaseAll();
                result.completeExceptionally(new KeygenException("key generation did not finish within "
                        + options.deadline().toSeconds() + " s (" + run.phase + ")"));
            });
            run.start().whenComplete((r, e) -> {
                deadline.cancel();
                if (!run.cancelled) {
                    run.releaseAll();
                }
                if (e != null) {
                    result.completeExceptionally(e instanceof java.util.concurrent.CompletionException ? e.getCause() : e);
                } else {
                    result.complete(r);
                }
            });
        });
        return result;
    }

    private static String batchKey(BString pid, int batch) {
        return pid + "/" + batch;
    }

    /** One operation: its five workers and Alice's values. */
    private static final class Op {
        final int index;
        final Map<Role, Contact> workers = new EnumMap<>(Role.class);
        int spin;
        Basis aliceBasis;

        Op(int index) {
            this.index = index;
        }
    }

    /** The state of one run. */
    private final class Run {
        final KeygenOptions options;
        final BString pid;
        final byte[] pidBytes = new byte[16];
        final long startNanos = node.clock().nanoTime();
        final ArrayDeque<Contact> candidates = new ArrayDeque<>();
        final Set<NodeId> seen = new HashSet<>();
        final Set<Contact> recruited = new LinkedHashSet<>();
        final List<Integer> siftedOps = new ArrayList<>();
        final List<Integer> aliceBits = new ArrayList<>();
        int operations;
        int rounds;
        int lookups;
        int nextBatch;
        String phase = "starting";
        boolean cancelled;

        Run(KeygenOptions options) {
            this.options = options;
            random.nextBytes(pidBytes);
            this.pid = BString.of(pidBytes);
            seen.add(node.id());
            seen.add(bob.id());
        }

        int needed() {
            return options.keyBits() + options.sampleBits();
        }

        CompletableFuture<KeyResult> start() {
            return round().thenCompose(ignored -> finish());
        }

        /** Runs rounds of operations until enough bits are sifted. */
        CompletableFuture<Void> round() {
            if (cancelled) {
                return CompletableFuture.failedFuture(new KeygenException("cancelled at the deadline"));
            }
            int deficit = needed() - siftedOps.size();
            if (deficit <= 0) {
                return CompletableFuture.completedFuture(null);
            }
            if (rounds == options.maxRounds()) {
                return CompletableFuture.failedFuture(new KeygenException("only " + siftedOps.size() + " of "
                        + needed() + " sifted bits after " + rounds + " rounds of operations"));
            }
            rounds++;
            int count = KeygenOptions.operationsFor(deficit);
            List<Op> ops = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ops.add(new Op(operations + i));
            }
            operations += count;
            phase = "recruiting for round " + rounds;
            return discoverAtLeast(6 * count).thenCompose(v -> recruitAll(ops)) // five roles, and some to spare
                    .thenCompose(v -> {
                        phase = "preparing photons, round " + rounds;
                        return waves(ops, this::prepare);
                    })
                    .thenCompose(prepared -> {
                        List<Op> ready = new ArrayList<>();
                        for (int i = 0; i < ops.size(); i++) {
                            if (prepared.get(i)) {
                                ready.add(ops.get(i));
                            }
                        }
                        ready.sort(Comparator.comparing(op -> sortingKey(op.index), Arrays::compareUnsigned));
                        phase = "waiting for Bob, round " + rounds;
                        return notifyBob(ready).thenCompose(failed -> {
                            List<Op> measured = ready.stream().filter(op -> !failed.contains(op.index)).toList();
                            phase = "sifting, round " + rounds;
                            return waves(measured, this::sifted).thenAccept(valid -> {
                                for (int i = 0; i < measured.size(); i++) {
                                    if (valid.get(i)) {
                                        siftedOps.add(measured.get(i).index);
                                        aliceBits.add(measured.get(i).spin);
                                    }
                                }
                            });
                        });
                    })
                    .thenCompose(v -> round());
        }

        /** The sorting rule Alice and Bob share: operations ordered by SHA-256(pid, op). */
        byte[] sortingKey(int op) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(pidBytes);
                sha.update(ByteBuffer.allocate(4).putInt(op).array());
                return sha.digest();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        // ---- recruiting ------------------------------------------------------------------------

        CompletableFuture<Void> recruitAll(List<Op> ops) {
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (Role role : Role.values()) {
                chain = chain.thenCompose(v -> recruit(role, ops, 0));
            }
            return chain;
        }

        /**
         * Leases {@code role} for every op that lacks it. Keeps a window of requests in flight and
         * starts the next as each answers, so a dead candidate costs one slot for one timeout, not a
         * whole wave; finds more candidates through the DHT when they run out.
         */
        CompletableFuture<Void> recruit(Role role, List<Op> ops, int fruitlessSearches) {
            ArrayDeque<Op> missing = new ArrayDeque<>(ops.stream().filter(op -> !op.workers.containsKey(role)).toList());
            if (missing.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            int[] inFlight = {0};
            Runnable[] pump = new Runnable[1];
            pump[0] = () -> {
                while (!cancelled && inFlight[0] < WAVE && inFlight[0] < missing.size() && !candidates.isEmpty()) {
                    Contact c = candidates.poll();
                    inFlight[0]++;
                    node.callExtension(c, Methods.ROLE_REQUEST, BDict.builder().put("pid", pid)
                                    .put("role", role.name()).put("lease", options.lease().toSeconds()).build())
                            .handle((r, e) -> e == null && r.get("accept") instanceof io.cqkd.wire.BInt a
                                    && a.value() == 1)
                            .thenAccept(accepted -> {
                                inFlight[0]--;
                                if (accepted) {
                                    recruited.add(c);
                                    Op op = missing.poll();
                                    if (op != null) {
                                        op.workers.put(role, c);
                                    }
                                }
                                pump[0].run();
                            });
                }
                if (inFlight[0] == 0 && !done.isDone()) {
                    done.complete(null); // all assigned, or out of candidates: the caller decides
                }
            };
            pump[0].run();
            return done.thenCompose(v -> {
                boolean stillMissing = ops.stream().anyMatch(op -> !op.workers.containsKey(role));
                if (!stillMissing) {
                    return CompletableFuture.completedFuture(null);
                }
                if (cancelled || lookups >= MAX_DISCOVERY_LOOKUPS || fruitlessSearches > 3) {
                    return CompletableFuture.failedFuture(new KeygenException("not enough workers: " + recruited.size()
                            + " recruited, " + ops.stream().filter(op -> !op.workers.containsKey(role)).count()
                            + " more " + role + " needed, and the DHT shows no more"));
                }
                return discover(WAVE).thenCompose(found -> recruit(role, ops, found == 0 ? fruitlessSearches + 1 : 0));
            });
        }

        /** Discovers until {@code wanted} candidates wait, the DHT shows no new nodes, or the lookup budget is spent. */
        CompletableFuture<Void> discoverAtLeast(int wanted) {
            if (cancelled || candidates.size() >= wanted || lookups >= MAX_DISCOVERY_LOOKUPS) {
                return CompletableFuture.completedFuture(null);
            }
            return discover(wanted - candidates.size()).thenCompose(found -> found == 0
                    ? CompletableFuture.completedFuture(null) : discoverAtLeast(wanted));
        }

        /** Random lookups through the DHT, collecting nodes not yet asked; completes with how many. */
        CompletableFuture<Integer> discover(int wanted) {
            List<CompletableFuture<LookupResult>> found = new ArrayList<>();
            int batch = Math.min(32, Math.max(4, wanted / 10));
            for (int i = 0; i < batch; i++) {
                lookups++;
                found.add(node.lookup(NodeId.random(random)));
            }
            return CompletableFuture.allOf(found.toArray(CompletableFuture[]::new)).handle((v, e) -> {
                int added = 0;
                for (CompletableFuture<LookupResult> f : found) {
                    if (!f.isCompletedExceptionally()) {
                        for (Contact c : f.join().closest()) {
                            if (seen.add(c.id())) {
                                candidates.add(c);
                                added++;
                            }
                        }
                    }
                }
                return added;
            });
        }

        /** Gives the leases back, a wave at a time (never more calls in flight than a wave). */
        void releaseAll() {
            List<Contact> all = new ArrayList<>(recruited);
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (int start = 0; start < all.size(); start += WAVE) {
                List<Contact> wave = all.subList(start, Math.min(all.size(), start + WAVE));
                chain = chain.thenCompose(v -> CompletableFuture.allOf(wave.stream()
                        .map(c -> node.callExtension(c, Methods.ROLE_RELEASE, BDict.builder().put("pid", pid).build())
                                .exceptionally(e -> null))
                        .toArray(CompletableFuture[]::new)));
            }
        }

        // ---- operations --------------------------------------------------------------------------

        /** Spin, Alice's basis, polarisation, the photon through the channel to the meter, her basis to the collider. */
        CompletableFuture<Boolean> prepare(Op op) {
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

        /** Whether the collider found Alice's and Bob's bases equal for this operation. */
        CompletableFuture<Boolean> sifted(Op op) {
            return ask(op, Role.QPC, Methods.COLLIDE, BDict.builder().put("party", "alice")
                            .put("basis", op.aliceBasis.symbol()))
                    .thenApply(r -> r.requireInt("valid") == 1)
                    .exceptionally(e -> false);
        }

        CompletableFuture<BDict> ask(Op op, Role role, String method, BDict.Builder args) {
            return node.callExtension(op.workers.get(role), method, args.put("pid", pid).put("op", op.index).build());
        }

        /**
         * Runs {@code step} on every op with at most a wave in flight (the {@link Throttle} starts the
         * next as each completes, so a dead worker holds one slot for one timeout); results in op order.
         * A step that fails yields null.
         */
        <T> CompletableFuture<List<T>> waves(List<Op> ops, Function<Op, CompletableFuture<T>> step) {
            Throttle throttle = new Throttle(WAVE);
            List<CompletableFuture<T>> running = ops.stream()
                    .map(op -> throttle.submit(() -> step.apply(op)).exceptionally(e -> null)).toList();
            return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
                    .thenApply(v -> running.stream().map(CompletableFuture::join).toList());
        }

        /** Tells Bob the operations in the shuffled order, in datagram-sized chunks; completes with those that failed. */
        CompletableFuture<Set<Integer>> notifyBob(List<Op> ordered) {
            List<CompletableFuture<List<Integer>>> chunks = new ArrayList<>();
            for (int start = 0; start < ordered.size(); start += NOTIFY_CHUNK) {
                List<Op> chunk = ordered.subList(start, Math.min(ordered.size(), start + NOTIFY_CHUNK));
                int batch = nextBatch++;
                CompletableFuture<List<Integer>> done = new CompletableFuture<>();
                bobBatches.put(batchKey(pid, batch), done);
                List<BValue> items = new ArrayList<>();
                for (Op op : chunk) {
                    items.add(BDict.builder().put("op", op.index).put("bg", Messages.contact(op.workers.get(Role.BG)))
                            .put("qpm", Messages.contact(op.workers.get(Role.QPM)))
                            .put("qpc", Messages.contact(op.workers.get(Role.QPC))).build());
                }
                node.callExtension(bob, Methods.NOTIFY_BOB, BDict.builder().put("pid", pid).put("batch", batch)
                        .put("ops", new BList(items)).build()).whenComplete((r, e) -> {
                            if (e != null) {
                                bobBatches.remove(batchKey(pid, batch));
                                done.completeExceptionally(new KeygenException("Bob did not take the operations: "
                                        + e.getMessage()));
                            }
                        });
                chunks.add(done);
            }
            return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new)).thenApply(v -> {
                Set<Integer> failed = new HashSet<>();
                chunks.forEach(c -> failed.addAll(c.join()));
                return failed;
            });
        }

        // ---- sifting, sample, reconciliation -------------------------------------------------------------

        CompletableFuture<KeyResult> finish() {
            phase = "sifting with Bob";
            CompletableFuture<Void> sift = CompletableFuture.completedFuture(null);
            for (int start = 0; start < siftedOps.size(); start += SIFT_CHUNK) {
                List<Integer> chunk = siftedOps.subList(start, Math.min(siftedOps.size(), start + SIFT_CHUNK));
                int append = start == 0 ? 0 : 1;
                sift = sift.thenCompose(v -> bobCall(Methods.SIFT, BDict.builder().put("ops", Messages.ints(chunk))
                        .put("append", append)).thenAccept(r -> { }));
            }
            return sift.thenCompose(v -> sample()).thenCompose(this::reconcileOrAbort);
        }

        /** Discloses a sample chosen at random from the sifted bits; both drop it and keep keyBits bits. */
        CompletableFuture<double[]> sample() {
            phase = "estimating the error rate";
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < aliceBits.size(); i++) {
                order.add(i);
            }
            for (int i = order.size() - 1; i > 0; i--) {
                java.util.Collections.swap(order, i, random.nextInt(i + 1));
            }
            List<Integer> positions = new ArrayList<>(order.subList(0, options.sampleBits()));
            positions.sort(null);
            return bobCall(Methods.SAMPLE, BDict.builder().put("positions", Messages.ints(positions))
                    .put("keep", options.keyBits())).thenApply(r -> {
                        List<Integer> bobSample = Messages.bits(r.requireString("bits").asUtf8());
                        int errors = 0;
                        for (int i = 0; i < positions.size(); i++) {
                            errors += aliceBits.get(positions.get(i)).equals(bobSample.get(i)) ? 0 : 1;
                        }
                        Set<Integer> drop = new HashSet<>(positions);
                        List<Integer> kept = new ArrayList<>();
                        for (int i = 0; i < aliceBits.size(); i++) {
                            if (!drop.contains(i)) {
                                kept.add(aliceBits.get(i));
                            }
                        }
                        aliceBits.clear();
                        aliceBits.addAll(kept.subList(0, options.keyBits()));
                        return new double[] {(double) errors / positions.size()};
                    });
        }

        CompletableFuture<KeyResult> reconcileOrAbort(double[] qber) {
            if (qber[0] > options.qberThreshold()) {
                return abort(qber[0], String.format(java.util.Locale.ROOT,
                        "error rate %.1f %% above the %.1f %% threshold: eavesdropping or a bad channel suspected",
                        100 * qber[0], 100 * options.qberThreshold()));
            }
            phase = "reconciling";
            Reconciliation reconciliation = new Reconciliation(aliceBits, pidBytes,
                    (method, args) -> bobCall(method, args));
            return reconciliation.run().thenCompose(corrected -> {
                phase = "confirming";
                return bobCall(Methods.FINISH, BDict.builder().put("abort", 0)).thenApply(r -> {
                    boolean equal = Arrays.equals(r.requireString("hash").toBytes(), BobService.sha256(aliceBits));
                    if (!equal) {
                        return result(false, qber[0], corrected, true,
                                "reconciliation left the keys different: run aborted, no key");
                    }
                    return result(true, qber[0], corrected, false, null);
                });
            });
        }

        CompletableFuture<KeyResult> abort(double qber, String reason) {
            return bobCall(Methods.FINISH, BDict.builder().put("abort", 1))
                    .handle((r, e) -> result(false, qber, 0, true, reason));
        }

        KeyResult result(boolean withKey, double qber, int corrected, boolean aborted, String reason) {
            return new KeyResult(pidBytes.clone(), options.keyBits(), withKey ? List.copyOf(aliceBits) : List.of(),
                    aborted, reason, qber, options.sampleBits(), operations, recruited.size(), rounds, corrected,
                    node.clock().nanoTime() - startNanos);
        }

        CompletableFuture<BDict> bobCall(String method, BDict.Builder args) {
            return node.callExtension(bob, method, args.put("pid", pid).build());
        }
    }
}
