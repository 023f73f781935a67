package io.cqkd.keygen;

import io.cqkd.dht.DhtNode;
import io.cqkd.keygen.channel.AuthenticatedChannel;
import io.cqkd.keygen.channel.ChannelSession;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BList;
import io.cqkd.wire.BString;
import io.cqkd.wire.BValue;
import io.cqkd.wire.krpc.Contact;
import java.util.ArrayList;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * Alice's side of her conversation with Bob. She notifies him of operations in datagram-sized
 * batches; he answers at once and reports each batch when it is measured ({@code cqkd_bob_done}),
 * so neither side polls. Every other exchange (sifting, the sample, parities, the verdict) is a plain
 * call. Every message both ways goes through the {@link AuthenticatedChannel}: Bob's reports and
 * answers count only when his key signed them. Confined to Alice's node loop.
 */
final class BobLink {
    /**
     * How long Alice waits for one answer of Bob's. Not the timing policy's, which follows round
     * trips (a few ms on one host): Bob's answers cost him signatures and his measurements' bookkeeping,
     * and he is the one peer a run cannot do without, so a slow answer is waited for, not given up.
     */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);
    /** Operations per notification: keeps each datagram well under the packet limit. */
    private static final int NOTIFY_CHUNK = 25;

    /** Runs whose channel state is kept: as many as Bob keeps sessions. */
    private static final int MAX_RUNS = BobService.MAX_SESSIONS;

    private final DhtNode node;
    private final Contact bob;
    private final AuthenticatedChannel channel;
    private final WorkerCalls calls;
    /** Batches notified and not reported yet, by process id and batch number. */
    private final Map<String, CompletableFuture<List<Integer>>> pending = new HashMap<>();
    /** The channel's state of each run, oldest first. */
    private final Map<BString, ChannelSession> runs = new LinkedHashMap<>();
    private int nextBatch;

    BobLink(DhtNode node, Contact bob, AuthenticatedChannel channel, RandomGenerator random) {
        this.node = node;
        this.bob = bob;
        this.channel = channel;
        this.calls = new WorkerCalls(node, random); // Alice's own overload is ridden out, not Bob's failure
        node.registerExtension(Methods.BOB_DONE, (caller, a) -> {
            BString pid = channel.verify(Methods.BOB_DONE, a);
            ChannelSession run = runs.get(pid);
            if (run == null) {
                throw Messages.refused("unknown process");
            }
            channel.admit(run, Methods.BOB_DONE, a);
            CompletableFuture<List<Integer>> batch = pending.remove(key(pid, (int) a.requireInt("batch")));
            if (batch != null) {
                batch.complete(Messages.ints(a, "failed"));
            }
            return CompletableFuture.completedFuture(channel.answer(Methods.BOB_DONE, a, BDict.builder()));
        });
    }

    /** Bob's node. */
    Contact bob() {
        return bob;
    }

    /**
     * Tells Bob the operations of run {@code pid} in the shuffled order; completes with the numbers
     * of those he could not measure, once every batch is reported.
     */
    CompletableFuture<Set<Integer>> notify(BString pid, List<Operation> ordered) {
        List<CompletableFuture<List<Integer>>> batches = new ArrayList<>();
        for (int start = 0; start < ordered.size(); start += NOTIFY_CHUNK) {
            batches.add(notifyBatch(pid, ordered.subList(start, Math.min(ordered.size(), start + NOTIFY_CHUNK))));
        }
        return CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Set<Integer> failed = new HashSet<>();
            batches.forEach(b -> failed.addAll(b.join()));
            return failed;
        });
    }

    private CompletableFuture<List<Integer>> notifyBatch(BString pid, List<Operation> chunk) {
        int batch = nextBatch++;
        String key = key(pid, batch);
        CompletableFuture<List<Integer>> reported = new CompletableFuture<>();
        pending.put(key, reported);
        List<BValue> items = new ArrayList<>();
        for (Operation op : chunk) {
            items.add(BDict.builder().put("op", op.index).put("bg", Messages.contact(op.workers.get(Role.BG)))
                    .put("qpm", Messages.contact(op.workers.get(Role.QPM)))
                    .put("qpc", Messages.contact(op.workers.get(Role.QPC))).build());
        }
        call(pid, Methods.NOTIFY_BOB, BDict.builder().put("batch", batch).put("ops", new BList(items)))
                .whenComplete((r, e) -> {
                    if (e != null) {
                        pending.remove(key);
                        reported.completeExceptionally(new KeygenException("Bob did not take the operations: "
                                + e.getMessage()));
                    }
                });
        return reported;
    }

    /** Calls {@code method} on Bob for run {@code pid}; completes with his answer once it is verified his. */
    CompletableFuture<BDict> call(BString pid, String method, BDict.Builder arguments) {
        BDict question = channel.request(run(pid), method, pid, arguments);
        return calls.call(bob, method, question, ANSWER_TIMEOUT)
                .thenApply(answer -> channel.verifyAnswer(method, question, answer));
    }

    /** Forgets run {@code pid}: Bob's later messages for it are refused. */
    void ended(BString pid) {
        runs.remove(pid);
    }

    private ChannelSession run(BString pid) {
        ChannelSession run = runs.computeIfAbsent(pid, k -> new ChannelSession());
        while (runs.size() > MAX_RUNS) {
            runs.remove(runs.keySet().iterator().next());
        }
        return run;
    }

    private static String key(BString pid, int batch) {
        return pid + "/" + batch;
    }
}
