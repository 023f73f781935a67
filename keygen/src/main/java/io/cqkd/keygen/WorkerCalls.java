package io.cqkd.keygen;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.async.Backoff;
import io.cqkd.dht.async.Futures;
import io.cqkd.dht.async.RefusedCallRetry;
import io.cqkd.dht.rpc.RpcTimeoutException;
import io.cqkd.wire.BDict;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * Alice's calls to the workers of one run. A call her own node refused to send (all its call slots
 * held, say by calls to a killed worker process's nodes) is sent again a moment later: her overload
 * must not cost a worker its lease or an operation its photon. Remembers the workers a call timed
 * out on (at most one entry per worker of the run). Confined to Alice's node loop.
 */
final class WorkerCalls {
    /** 50 ms doubling to 1 s, jittered: about 4 s of refusals ridden out before a call counts as failed. */
    private static final Backoff RESEND = Backoff.jittered(Duration.ofMillis(50), Duration.ofSeconds(1));
    private static final int ATTEMPTS = 8;

    private final DhtNode node;
    private final RefusedCallRetry retry;
    private final Set<Contact> silent = new HashSet<>();

    WorkerCalls(DhtNode node, RandomGenerator random) {
        this.node = node;
        this.retry = new RefusedCallRetry(node.scheduler(), RESEND, ATTEMPTS, random);
    }

    CompletableFuture<BDict> call(Contact worker, String method, BDict arguments) {
        return noteSilence(worker, retry.call(() -> node.query(worker, method, arguments)));
    }

    /** The same, given up after {@code timeout} instead of the node's timing policy's. */
    CompletableFuture<BDict> call(Contact worker, String method, BDict arguments, Duration timeout) {
        return noteSilence(worker, retry.call(() -> node.query(worker, method, arguments, timeout)));
    }

    /** Whether a call of this run to {@code worker} went unanswered (it may be dead, or its answer lost). */
    boolean wasSilent(Contact worker) {
        return silent.contains(worker);
    }

    /** The ids of the workers a call of this run timed out on. */
    Set<NodeId> silentIds() {
        Set<NodeId> ids = new HashSet<>();
        silent.forEach(c -> ids.add(c.id()));
        return ids;
    }

    private CompletableFuture<BDict> noteSilence(Contact worker, CompletableFuture<BDict> call) {
        return call.whenComplete((r, e) -> {
            if (e != null && Futures.cause(e) instanceof RpcTimeoutException) {
                silent.add(worker);
            }
        });
    }
}
