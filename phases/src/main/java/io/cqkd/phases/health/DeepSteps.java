package io.cqkd.phases.health;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.routing.NodeState;
import io.cqkd.wire.BString;
import io.cqkd.wire.BValue;
import io.cqkd.wire.Ed25519KeyPair;
import io.cqkd.wire.MutableItems;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.AnnouncePeerQuery;
import io.cqkd.wire.krpc.Contact;
import io.cqkd.wire.krpc.FindNodeQuery;
import io.cqkd.wire.krpc.GetPeersQuery;
import io.cqkd.wire.krpc.GetQuery;
import io.cqkd.wire.krpc.PutQuery;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * The deep level's steps. A BEP 44 round trip: a mutable item under the checking node's own key
 * (one slot per checker on each peer, each check a newer version) is put, then must come back.
 * A BEP 5 round trip: an announce on a probe info-hash of the checker's own, which the peer's
 * {@code get_peers} must then return. And id consistency: the node of our table closest to the
 * peer's id must not name the peer's address under another id. Confined to the node's loop.
 */
final class DeepSteps {
    private static final byte[] SALT = "cqkd-health".getBytes(StandardCharsets.US_ASCII);

    private final DhtNode node;
    private final Ed25519KeyPair key;
    private final NodeId itemTarget;
    private final NodeId probeInfoHash;
    /** Each check puts a newer version: a peer that kept an older one fails to give this one back. */
    private long seq;

    DeepSteps(DhtNode node, RandomGenerator random) {
        this.node = node;
        byte[] seed = new byte[Ed25519KeyPair.SEED_BYTES];
        random.nextBytes(seed);
        this.key = Ed25519KeyPair.fromSeed(seed);
        this.itemTarget = MutableItems.mutableTarget(key.publicKey(), SALT);
        this.probeInfoHash = sha1("cqkd-health-announce", node.id());
        this.seq = node.clock().nanoTime() / 1_000_000; // never backwards across a restart of the checker
    }

    CompletableFuture<Void> run(CheckSteps steps) {
        return putAndGet(steps)
                .thenCompose(v -> steps.ended() ? HealthCheck.done() : announceAndGetPeers(steps))
                .thenCompose(v -> steps.ended() ? HealthCheck.done() : idConsistency(steps));
    }

    private CompletableFuture<Void> putAndGet(CheckSteps steps) {
        Contact peer = steps.peer();
        long version = ++seq;
        BValue value = BString.utf8("cqkd health check " + version);
        return steps.ask(peer, GetQuery.METHOD, new GetQuery(itemTarget, null).arguments().build()).thenCompose(got -> {
            if (got == null || got.token() == null) {
                return HealthCheck.done(); // no BEP 44 here (or the check ended): nothing to round-trip
            }
            byte[] signature = key.sign(MutableItems.signatureBuffer(SALT, version, value));
            PutQuery put = new PutQuery(value, got.token(), key.publicKey(), signature, version, SALT, null);
            return steps.ask(peer, PutQuery.METHOD, put.arguments().build())
                    .thenCompose(stored -> steps.ended() ? HealthCheck.done()
                            : steps.ask(peer, GetQuery.METHOD, new GetQuery(itemTarget, null).arguments().build())
                            .thenAccept(back -> {
                                if (back != null && (back.seq() == null || back.seq() != version
                                        || !value.equals(back.value()))) {
                                    steps.fault("value-lost");
                                }
                            }));
        });
    }

    private CompletableFuture<Void> announceAndGetPeers(CheckSteps steps) {
        Contact peer = steps.peer();
        GetPeersQuery query = new GetPeersQuery(probeInfoHash);
        return steps.ask(peer, GetPeersQuery.METHOD, query.arguments().build()).thenCompose(first -> {
            if (first == null || first.token() == null) {
                return HealthCheck.done();
            }
            int port = node.address().getPort();
            AnnouncePeerQuery announce = new AnnouncePeerQuery(probeInfoHash, port, true, first.token());
            return steps.ask(peer, AnnouncePeerQuery.METHOD, announce.arguments().build())
                    .thenCompose(ok -> steps.ended() ? HealthCheck.done()
                            : steps.ask(peer, GetPeersQuery.METHOD, query.arguments().build()).thenAccept(second -> {
                                if (second != null && second.peers().stream().noneMatch(p -> p.getPort() == port)) {
                                    steps.fault("announce-lost");
                                }
                            }));
        });
    }

    private CompletableFuture<Void> idConsistency(CheckSteps steps) {
        Contact peer = steps.peer();
        long now = node.clock().nanoTime();
        Contact witness = node.routingTable().bucketsSnapshot().values().stream().flatMap(b -> b.stream())
                .filter(e -> !e.id().equals(peer.id()) && node.routingTable().stateOf(e, now) == NodeState.GOOD)
                .min(Comparator.comparing(e -> e.id(), peer.id()::compareDistance))
                .map(e -> new Contact(e.id(), e.address())).orElse(null);
        if (witness == null) {
            return HealthCheck.done();
        }
        return steps.ask(witness, FindNodeQuery.METHOD, new FindNodeQuery(peer.id()).arguments().build())
                .thenAccept(reply -> {
                    if (reply != null && HealthCheck.namesUnderAnotherId(reply, peer)) {
                        steps.fault("id-inconsistent");
                    }
                });
    }

    private static NodeId sha1(String label, NodeId id) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(label.getBytes(StandardCharsets.US_ASCII));
            sha1.update(id.toBytes());
            return NodeId.of(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
