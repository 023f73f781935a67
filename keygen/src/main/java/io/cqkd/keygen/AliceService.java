package io.cqkd.keygen;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.async.Futures;
import io.cqkd.dht.discovery.Discovery;
import io.cqkd.dht.discovery.RandomWalkDiscovery;
import io.cqkd.transport.Cancellable;
import io.cqkd.wire.krpc.Contact;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * Alice's side of CQKD on her DHT node: each {@link #generate} is a {@link KeyRun} (recruiting by
 * {@link Recruiter}, the workers' steps by {@link OperationSteps}, the exchanges with Bob through
 * {@link BobLink}, the error estimate and reconciliation) held to its deadline: a run not finished by
 * then fails with a clear error and gives its leases back. Runs on her node's loop.
 */
public final class AliceService {
    private final DhtNode node;
    private final BobLink bob;
    private final RandomGenerator random;
    private final Discovery discovery;

    /** Constructed on the node's loop; {@code bob} is Bob's node; workers are found by random walks. */
    public AliceService(DhtNode node, Contact bob, RandomGenerator random) {
        this(node, bob, random, new RandomWalkDiscovery(node, random));
    }

    /** As {@link #AliceService(DhtNode, Contact, RandomGenerator)}, workers found by {@code discovery}. */
    public AliceService(DhtNode node, Contact bob, RandomGenerator random, Discovery discovery) {
        this.node = node;
        this.bob = new BobLink(node, bob);
        this.random = random;
        this.discovery = discovery;
    }

    /** Generates a key with Bob; completes on Alice's node loop. */
    public CompletableFuture<KeyResult> generate(KeygenOptions options) {
        CompletableFuture<KeyResult> result = new CompletableFuture<>();
        node.scheduler().execute(() -> {
            KeyRun run = new KeyRun(node, bob, options, random, discovery);
            Cancellable deadline = node.scheduler().schedule(options.deadline(), () -> {
                run.cancel();
                result.completeExceptionally(new KeygenException("key generation did not finish within "
                        + options.deadline().toSeconds() + " s (" + run.phase() + ")"));
            });
            run.start().whenComplete((r, e) -> {
                deadline.cancel();
                if (!run.cancelled()) {
                    run.releaseLeases();
                }
                if (e != null) {
                    result.completeExceptionally(Futures.cause(e));
                } else {
                    result.complete(r);
                }
            });
        });
        return result;
    }
}
