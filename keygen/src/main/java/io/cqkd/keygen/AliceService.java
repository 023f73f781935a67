package io.cqkd.keygen;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.async.Futures;
import io.cqkd.dht.discovery.Discovery;
import io.cqkd.dht.discovery.RandomWalkDiscovery;
import io.cqkd.keygen.channel.AuthenticatedChannel;
import io.cqkd.transport.Cancellable;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * Alice's side of CQKD on her DHT node: each {@link #generate} is a {@link KeyRun} (recruiting by
 * {@link Recruiter}, the workers' steps by {@link OperationSteps}, the exchanges with Bob through
 * {@link BobLink}, the error estimate and reconciliation) held to its deadline: a run not finished by
 * then fails with a clear error and gives its leases back. A run that lost a large share of its
 * first round to dead workers (judged as soon as it is clear, see {@link RoundLoss}), or ran out of
 * workers after it — every lost operation needs five new ones — is started afresh once, within the
 * same deadline, offering no role to the workers the lost run found silent. Runs on her node's loop.
 */
public final class AliceService {
    /**
     * Fresh runs after one ran out of workers mid-run. One: a worker process killed while a run
     * prepares its photons loses about two thirds of its operations (each has five workers), more
     * than a network sized for one run can replace; a fresh run needs only the survivors. A second
     * failure says the network is too small, and waiting longer would not change that.
     */
    static final int MAX_RESTARTS = 1;

    private final DhtNode node;
    private final BobLink bob;
    private final RandomGenerator random;
    private final Discovery discovery;

    /**
     * Constructed on the node's loop; {@code bob} is Bob's node, {@code channel} holds Alice's key and
     * accepts only Bob's; workers are found by random walks.
     */
    public AliceService(DhtNode node, Contact bob, AuthenticatedChannel channel, RandomGenerator random) {
        this(node, bob, channel, random, new RandomWalkDiscovery(node, random));
    }

    /** As {@link #AliceService(DhtNode, Contact, AuthenticatedChannel, RandomGenerator)}, workers found by {@code discovery}. */
    public AliceService(DhtNode node, Contact bob, AuthenticatedChannel channel, RandomGenerator random,
                        Discovery discovery) {
        this.node = node;
        this.bob = new BobLink(node, bob, channel, random);
        this.random = random;
        this.discovery = discovery;
    }

    /** Generates a key with Bob; completes on Alice's node loop. */
    public CompletableFuture<KeyResult> generate(KeygenOptions options) {
        CompletableFuture<KeyResult> result = new CompletableFuture<>();
        node.scheduler().execute(() -> new Request(options, result).attempt(MAX_RESTARTS, Set.of()));
        return result;
    }

    /** One key request: its runs, one at a time, under one deadline. On Alice's node loop. */
    private final class Request {
        private final KeygenOptions options;
        private final CompletableFuture<KeyResult> result;
        private final long startNanos;
        private final Cancellable deadline;
        private KeyRun current;

        Request(KeygenOptions options, CompletableFuture<KeyResult> result) {
            this.options = options;
            this.result = result;
            this.startNanos = node.clock().nanoTime();
            this.deadline = node.scheduler().schedule(options.deadline(), () -> {
                current.cancel();
                result.completeExceptionally(new KeygenException("key generation did not finish within "
                        + options.deadline().toSeconds() + " s (" + current.phase() + ")"));
            });
        }

        /** One run, recruiting none of {@code avoid}; a fresh one after it if it lost its workers. */
        void attempt(int restartsLeft, Set<NodeId> avoid) {
            KeyRun run = new KeyRun(node, bob, options, random, discovery, avoid, restartsLeft > 0);
            current = run;
            run.start().whenComplete((r, e) -> {
                if (!run.cancelled()) {
                    run.releaseLeases();
                }
                if (result.isDone()) {
                    return; // the deadline passed
                }
                Throwable cause = e == null ? null : Futures.cause(e);
                boolean workersDied = cause instanceof WorkersLostException
                        || cause instanceof NotEnoughWorkersException && run.rounds() > 1;
                if (workersDied && restartsLeft > 0) {
                    attempt(restartsLeft - 1, run.silentWorkers());
                    return;
                }
                deadline.cancel();
                if (cause != null) {
                    result.completeExceptionally(cause);
                } else {
                    result.complete(r.withRestarts(MAX_RESTARTS - restartsLeft, node.clock().nanoTime() - startNanos));
                }
            });
        }
    }
}
