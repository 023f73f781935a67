package io.cqkd.dht.cluster;

import io.cqkd.transport.Endpoint;
import io.cqkd.transport.Transport;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BString;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.WireException;
import io.cqkd.wire.krpc.Contact;
import io.cqkd.wire.krpc.KrpcCodec;
import io.cqkd.wire.krpc.KrpcMessage;
import io.cqkd.wire.krpc.Reply;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A peer that misbehaves on purpose, for the health checks' tests and the scale harness: it answers
 * {@code ping} correctly (a liveness check alone finds nothing wrong) and fails one deeper level.
 * {@link Fault#MALFORMED_FIND_NODE}: its {@code find_node} answers carry a {@code nodes} field that
 * is not a whole number of compact nodes. {@link Fault#DROPS_VALUES}: it answers every query well —
 * {@code find_node} with the closest of the nodes it is told of, tokens for {@code get},
 * {@code get_peers}, {@code put} and {@code announce_peer} accepted — but stores nothing. Not a
 * node: no table, no calls of its own.
 */
public final class FaultyPeer {
    public enum Fault { MALFORMED_FIND_NODE, DROPS_VALUES }

    private static final BString VERSION = BString.of(new byte[] {'F', 'P', 0, 1});
    private static final byte[] TOKEN = {1, 2, 3, 4};

    private final NodeId id;
    private final Fault fault;
    private final Supplier<List<Contact>> known;
    private final KrpcCodec codec = new KrpcCodec();
    private Endpoint endpoint;

    /** {@code known}: the nodes it may name in its answers (read on its loop). */
    private FaultyPeer(NodeId id, Fault fault, Supplier<List<Contact>> known) {
        this.id = id;
        this.fault = fault;
        this.known = known;
    }

    public static CompletableFuture<FaultyPeer> start(Transport transport, InetSocketAddress address, NodeId id,
                                                      Fault fault, Supplier<List<Contact>> known) {
        FaultyPeer peer = new FaultyPeer(id, fault, known);
        return transport.bind(address, peer::onPacket).thenApply(e -> {
            peer.endpoint = e;
            return peer;
        });
    }

    public Contact contact() {
        return new Contact(id, endpoint.localAddress());
    }

    public CompletableFuture<Void> stop() {
        return endpoint.close();
    }

    private void onPacket(InetSocketAddress sender, byte[] payload, long receivedAtNanos) {
        KrpcMessage message;
        try {
            message = codec.decode(payload);
        } catch (WireException e) {
            return;
        }
        if (!(message instanceof KrpcMessage.Query q)) {
            return;
        }
        BDict values = answer(q);
        endpoint.send(sender, codec.encode(new KrpcMessage.Response(q.transactionId(), values), VERSION));
    }

    private BDict answer(KrpcMessage.Query q) {
        switch (q.method()) {
            case "find_node", "get", "get_peers" -> {
                if (fault == Fault.MALFORMED_FIND_NODE && q.method().equals("find_node")) {
                    return BDict.builder().put("id", id.toBytes()).put("nodes", new byte[25]).build();
                }
                NodeId target = targetOf(q.arguments());
                List<Contact> closest = known.get().stream().filter(c -> !c.id().equals(id))
                        .sorted(Comparator.comparing(Contact::id, target::compareDistance)).limit(8).toList();
                return new Reply.Builder(id).nodes(closest).token(TOKEN).build();
            }
            default -> {
                return new Reply.Builder(id).build(); // ping, put, announce_peer: "done", and nothing kept
            }
        }
    }

    private static NodeId targetOf(BDict arguments) {
        for (String field : new String[] {"target", "info_hash"}) {
            if (arguments.get(field) instanceof BString s && s.length() == NodeId.BYTES) {
                return NodeId.of(s.toBytes());
            }
        }
        return NodeId.zero();
    }
}
