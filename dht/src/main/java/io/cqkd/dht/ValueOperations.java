package io.cqkd.dht;

import io.cqkd.dht.lookup.Lookup;
import io.cqkd.dht.lookup.LookupPurpose;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BValue;
import io.cqkd.wire.Ed25519KeyPair;
import io.cqkd.wire.Ed25519Verifier;
import io.cqkd.wire.MutableItems;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.AnnouncePeerQuery;
import io.cqkd.wire.krpc.Contact;
import io.cqkd.wire.krpc.GetPeersQuery;
import io.cqkd.wire.krpc.GetQuery;
import io.cqkd.wire.krpc.PutQuery;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Storing and finding values: BEP 44 items (put and get, immutable and mutable) and BEP 5 peers
 * (announce_peer and get_peers). A write is a lookup that collects the closest nodes' write tokens,
 * then the write sent to each of them; a read is a lookup that keeps what the answers carry, checked
 * before it is believed. Confined to the node's loop.
 */
final class ValueOperations {
    private final NodeContext node;
    private final Lookups lookups;
    private final OutboundCalls calls;

    ValueOperations(NodeContext node, Lookups lookups, OutboundCalls calls) {
        this.node = node;
        this.lookups = lookups;
        this.calls = calls;
    }

    CompletableFuture<PutResult> putImmutable(BValue value) {
        NodeId target = MutableItems.immutableTarget(value);
        return storeAtClosest(target, token -> PutQuery.immutable(value, token).arguments());
    }

    CompletableFuture<PutResult> putMutable(Ed25519KeyPair key, byte[] salt, long seq, BValue value, Long cas) {
        byte[] signature = key.sign(MutableItems.signatureBuffer(salt, seq, value));
        NodeId target = MutableItems.mutableTarget(key.publicKey(), salt);
        return storeAtClosest(target, token -> new PutQuery(value, token, key.publicKey(), signature, seq, salt, cas)
                .arguments());
    }

    /** The value is checked against its hash before it is believed. */
    CompletableFuture<GetResult> getImmutable(NodeId target) {
        BValue[] found = new BValue[1];
        Lookup.ReplyObserver observer = (from, reply) -> {
            if (reply.value() != null && MutableItems.immutableTarget(reply.value()).equals(target)) {
                found[0] = reply.value();
                return true;
            }
            return false;
        };
        return get(target, observer).thenApply(lookup -> new GetResult(found[0], null, lookup));
    }

    /** The newest correctly signed version: every answer's signature is checked, the lookup goes on to the end. */
    CompletableFuture<GetResult> getMutable(byte[] publicKey, byte[] salt) {
        NodeId target = MutableItems.mutableTarget(publicKey, salt);
        BValue[] best = new BValue[1];
        long[] bestSeq = {Long.MIN_VALUE};
        Lookup.ReplyObserver observer = (from, reply) -> {
            if (reply.value() != null && reply.seq() != null && reply.signature() != null
                    && Arrays.equals(reply.publicKey(), publicKey) && reply.seq() > bestSeq[0]
                    && Ed25519Verifier.verify(publicKey, MutableItems.signatureBuffer(salt, reply.seq(), reply.value()),
                            reply.signature())) {
                best[0] = reply.value();
                bestSeq[0] = reply.seq();
            }
            return false; // keep going: a closer node may hold a newer version
        };
        return get(target, observer)
                .thenApply(lookup -> new GetResult(best[0], best[0] == null ? null : bestSeq[0], lookup));
    }

    /** BEP 5 announce: get_peers to the closest nodes for their tokens, then announce_peer to them. */
    CompletableFuture<PutResult> announce(NodeId infoHash, int port) {
        return lookups.run(infoHash, LookupPurpose.FIND, GetPeersQuery.METHOD, new GetPeersQuery(infoHash).arguments(),
                        Lookup.ReplyObserver.NONE)
                .thenCompose(lookup -> sendToClosest(lookup,
                        token -> new AnnouncePeerQuery(infoHash, port, port == 0, token).arguments(),
                        AnnouncePeerQuery.METHOD));
    }

    /** BEP 5 get_peers: every peer announced for {@code infoHash} that the lookup met, up to a bound. */
    CompletableFuture<PeersResult> getPeers(NodeId infoHash) {
        Set<InetSocketAddress> found = new LinkedHashSet<>();
        int maxFound = 10 * node.config.maxPeersPerInfoHash();
        Lookup.ReplyObserver observer = (from, reply) -> {
            for (InetSocketAddress peer : reply.peers()) {
                if (found.size() < maxFound) {
                    found.add(peer);
                }
            }
            return false;
        };
        return lookups.run(infoHash, LookupPurpose.FIND, GetPeersQuery.METHOD, new GetPeersQuery(infoHash).arguments(),
                observer).thenApply(lookup -> new PeersResult(List.copyOf(found), lookup));
    }

    private CompletableFuture<LookupResult> get(NodeId target, Lookup.ReplyObserver observer) {
        return lookups.run(target, LookupPurpose.FIND, GetQuery.METHOD, new GetQuery(target, null).arguments(), observer);
    }

    private CompletableFuture<PutResult> storeAtClosest(NodeId target, Function<byte[], BDict.Builder> query) {
        return get(target, Lookup.ReplyObserver.NONE).thenCompose(lookup -> sendToClosest(lookup, query, PutQuery.METHOD));
    }

    /** Sends a write (announce_peer or put) with its token to each of the closest nodes that gave one. */
    private CompletableFuture<PutResult> sendToClosest(LookupResult lookup, Function<byte[], BDict.Builder> query,
                                                       String method) {
        List<CompletableFuture<Boolean>> writes = new ArrayList<>();
        for (Contact c : lookup.closest()) {
            byte[] token = lookup.tokens().get(c.id());
            if (token != null) {
                writes.add(calls.call(c.address(), c.id(), method, node.withOurId(query.apply(token)))
                        .handle((r, e) -> e == null));
            }
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenApply(ignored -> new PutResult(
                lookup.target(), (int) writes.stream().filter(CompletableFuture::join).count(), writes.size()));
    }
}
