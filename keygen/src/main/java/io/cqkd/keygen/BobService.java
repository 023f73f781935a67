package io.cqkd.keygen;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.async.OnLoop;
import io.cqkd.dht.async.Throttle;
import io.cqkd.keygen.channel.AuthenticatedChannel;
import io.cqkd.keygen.channel.ChannelSession;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BList;
import io.cqkd.wire.BString;
import io.cqkd.wire.BValue;
import io.cqkd.wire.krpc.Contact;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Bob's side on his DHT node. When Alice notifies him of a batch of operations (in her shuffled
 * order), he asks each operation's base generator for his basis, has its meter measure the photon
 * in that basis, and tells its collider his basis; then he reports the operations that failed.
 * Alice then tells him which operations were sifted and in which order, discloses a sample, and
 * drives the parity checks that reconcile their keys. He answers only messages that Alice's key
 * signed, each once ({@link AuthenticatedChannel}): knowing a run's id, as its workers do, is not
 * enough to ask him for a parity. Confined to the node's loop.
 */
public final class BobService {
    static final int MAX_SESSIONS = 64;

    private final DhtNode node;
    private final AuthenticatedChannel channel;
    /** Parities Bob has disclosed while reconciling, over every run: his own count of what Alice accounts for. */
    private long paritiesDisclosed;
    /** Measurements in flight at once, across all of Alice's batches. */
    private final Throttle throttle = new Throttle(48);
    private final Map<BString, Session> sessions = new LinkedHashMap<>();
    /** The last {@code MAX_SESSIONS} final keys, oldest first. */
    private final Map<BString, List<Integer>> finalKeys = new LinkedHashMap<>();

    private static final class Session {
        final ChannelSession channel = new ChannelSession();
        final Map<Integer, Integer> measured = new HashMap<>();
        /** Every batch of the run is judged against the run's median: a batch of a few operations has none. */
        final Stragglers stragglers;
        List<Integer> key = new ArrayList<>();

        Session(Stragglers stragglers) {
            this.stragglers = stragglers;
        }
    }

    /** Constructed on the node's loop; {@code channel} holds Bob's key and accepts only Alice's. */
    public BobService(DhtNode node, AuthenticatedChannel channel) {
        this.node = node;
        this.channel = channel;
        node.registerExtension(Methods.NOTIFY_BOB, this::notified);
        node.registerExtension(Methods.SIFT, (caller, a) -> {
            Session s = session(Methods.SIFT, a);
            // Sent in chunks that fit a datagram: the first one starts the sifted key afresh.
            List<Integer> key = a.requireInt("append") == 1 ? new ArrayList<>(s.key) : new ArrayList<>();
            for (int op : Messages.ints(a, "ops")) {
                Integer bit = s.measured.get(op);
                if (bit == null) {
                    throw Messages.refused("operation " + op + " was not measured");
                }
                key.add(bit);
            }
            s.key = key;
            return answer(Methods.SIFT, a, BDict.builder().put("count", key.size()));
        });
        node.registerExtension(Methods.SAMPLE, (caller, a) -> {
            Session s = session(Methods.SAMPLE, a);
            List<Integer> positions = Messages.ints(a, "positions");
            List<Integer> disclosed = new ArrayList<>();
            Set<Integer> drop = new HashSet<>(positions);
            List<Integer> kept = new ArrayList<>();
            for (int p : positions) {
                disclosed.add(s.key.get(p));
            }
            for (int i = 0; i < s.key.size(); i++) {
                if (!drop.contains(i)) {
                    kept.add(s.key.get(i));
                }
            }
            int keep = (int) a.requireInt("keep");
            s.key = new ArrayList<>(kept.subList(0, Math.min(keep, kept.size())));
            return answer(Methods.SAMPLE, a, BDict.builder().put("bits", Messages.bits(disclosed)));
        });
        node.registerExtension(Methods.PARITY, (caller, a) -> {
            Session s = session(Methods.PARITY, a);
            StringBuilder parities = new StringBuilder();
            for (BValue block : a.requireList("blocks").items()) {
                int parity = 0;
                for (BValue p : ((BList) block).items()) {
                    parity ^= s.key.get((int) ((io.cqkd.wire.BInt) p).value());
                }
                parities.append(parity);
                paritiesDisclosed++;
            }
            return answer(Methods.PARITY, a, BDict.builder().put("parities", parities.toString()));
        });
        node.registerExtension(Methods.FLIP, (caller, a) -> {
            Session s = session(Methods.FLIP, a);
            for (int p : Messages.ints(a, "positions")) {
                s.key.set(p, 1 - s.key.get(p));
            }
            return answer(Methods.FLIP, a, BDict.builder());
        });
        node.registerExtension(Methods.FINISH, (caller, a) -> {
            BString pid = a.requireString("pid");
            Session s = session(Methods.FINISH, a);
            sessions.remove(pid);
            if (a.requireInt("abort") != 0) {
                return answer(Methods.FINISH, a, BDict.builder());
            }
            // Privacy amplification with Alice's public seed; the tag lets her check the reconciled keys equal.
            byte[] seed = a.requireBytes("seed", 32);
            int bits = (int) a.requireInt("bits");
            if (bits < 1 || bits > s.key.size()) {
                throw Messages.refused("cannot output " + bits + " bits from " + s.key.size());
            }
            finalKeys.put(pid, PrivacyAmplification.toeplitz(s.key, bits, seed));
            while (finalKeys.size() > MAX_SESSIONS) {
                finalKeys.remove(finalKeys.keySet().iterator().next());
            }
            return answer(Methods.FINISH, a, BDict.builder().put("tag", PrivacyAmplification.confirmationTag(s.key, seed)));
        });
    }

    /** Parities disclosed so far, every run together; read on Bob's node loop, from any thread. */
    public CompletableFuture<Long> paritiesDisclosed() {
        return OnLoop.get(node.scheduler(), () -> paritiesDisclosed);
    }

    /** Bob's final key of process {@code pid} (bits), or null; read on Bob's node loop, from any thread. */
    public CompletableFuture<List<Integer>> keyOf(byte[] pid) {
        BString key = BString.of(pid);
        return OnLoop.get(node.scheduler(), () -> finalKeys.get(key));
    }

    private CompletableFuture<BDict> notified(Contact alice, BDict a) {
        // Verified before a session is made: a stranger's notification must not push Alice's run out.
        BString pid = channel.verify(Methods.NOTIFY_BOB, a);
        Session s = sessions.computeIfAbsent(pid, k -> new Session(new Stragglers(node.scheduler(), node.clock())));
        while (sessions.size() > MAX_SESSIONS) {
            sessions.remove(sessions.keySet().iterator().next());
        }
        channel.admit(s.channel, Methods.NOTIFY_BOB, a);
        int batch = (int) a.requireInt("batch");
        List<CompletableFuture<Integer>> ops = new ArrayList<>();
        for (BValue item : a.requireList("ops").items()) {
            BDict op = (BDict) item;
            int index = (int) op.requireInt("op");
            Contact bg = Messages.contact(op.get("bg"), "bg");
            Contact qpm = Messages.contact(op.get("qpm"), "qpm");
            Contact qpc = Messages.contact(op.get("qpc"), "qpc");
            // A dead worker's operation is given up at a few times the run's median, not its timeout.
            ops.add(throttle.submit(() -> s.stragglers.bound(() -> measure(pid, s, index, bg, qpm, qpc)))
                    .exceptionally(e -> index));
        }
        // Answer now; report when the whole batch is measured (no polling either way).
        CompletableFuture.allOf(ops.toArray(CompletableFuture[]::new)).whenComplete((ignored, error) -> {
            List<Integer> failed = new ArrayList<>();
            for (CompletableFuture<Integer> f : ops) {
                if (f.join() >= 0) {
                    failed.add(f.join());
                }
            }
            reportDone(alice, channel.request(s.channel, Methods.BOB_DONE, pid, BDict.builder().put("batch", batch)
                    .put("failed", Messages.ints(failed))), 3);
        });
        return answer(Methods.NOTIFY_BOB, a, BDict.builder().put("accepted", ops.size()));
    }

    /** Tells Alice a batch is done, trying again if the message is lost: she waits for it. */
    private void reportDone(Contact alice, BDict report, int attemptsLeft) {
        throttle.submit(() -> node.query(alice, Methods.BOB_DONE, report)
                .thenApply(answer -> channel.verifyAnswer(Methods.BOB_DONE, report, answer))).whenComplete((r, e) -> {
            if (e != null && attemptsLeft > 1) {
                reportDone(alice, report, attemptsLeft - 1);
            }
        });
    }

    /** Completes with -1 when the operation was measured, else with its number (it failed). */
    private CompletableFuture<Integer> measure(BString pid, Session s, int op, Contact bg, Contact qpm, Contact qpc) {
        return node.query(bg, Methods.BASIS, BDict.builder().put("pid", pid).put("op", op).put("party", "bob")
                        .build())
                .thenCompose(basis -> {
                    String b = basis.requireString("basis").asUtf8();
                    return node.query(qpm, Methods.MEASURE, BDict.builder().put("pid", pid).put("op", op)
                                    .put("basis", b).build())
                            .thenCompose(measured -> node.query(qpc, Methods.COLLIDE, BDict.builder()
                                            .put("pid", pid).put("op", op).put("party", "bob").put("basis", b).build())
                                    .thenApply(ignored -> {
                                        s.measured.put(op, (int) measured.requireInt("bit"));
                                        return -1;
                                    }));
                })
                .exceptionally(e -> op);
    }

    /** The run of Alice's question {@code a}, once the question is verified hers and new. */
    private Session session(String method, BDict a) {
        Session s = sessions.get(channel.verify(method, a));
        if (s == null) {
            throw Messages.refused("unknown process");
        }
        channel.admit(s.channel, method, a);
        return s;
    }

    private CompletableFuture<BDict> answer(String method, BDict question, BDict.Builder body) {
        return CompletableFuture.completedFuture(channel.answer(method, question, body));
    }
}
