package io.cqkd.dht;

import io.cqkd.dht.async.Futures;
import io.cqkd.dht.routing.RoutingTable;
import io.cqkd.dht.rpc.RpcErrorException;
import io.cqkd.dht.storage.ItemStore;
import io.cqkd.dht.storage.PeerStore;
import io.cqkd.dht.storage.PutOutcome;
import io.cqkd.dht.storage.StoredItem;
import io.cqkd.dht.storage.WriteTokens;
import io.cqkd.transport.Clock;
import io.cqkd.wire.BDict;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.WireException;
import io.cqkd.wire.krpc.AnnouncePeerQuery;
import io.cqkd.wire.krpc.Contact;
import io.cqkd.wire.krpc.ErrorCode;
import io.cqkd.wire.krpc.FindNodeQuery;
import io.cqkd.wire.krpc.GetPeersQuery;
import io.cqkd.wire.krpc.GetQuery;
import io.cqkd.wire.krpc.KrpcMessage;
import io.cqkd.wire.krpc.PutQuery;
import io.cqkd.wire.krpc.Reply;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Answers the queries a node receives: BEP 5 (ping, find_node, get_peers, announce_peer), BEP 44
 * (get, put) and registered extensions; error 204 for any other method, 203 for bad arguments.
 * Confined to the node's loop.
 */
final class QueryServer {
    private static final Set<String> CORE_METHODS = Set.of("ping", FindNodeQuery.METHOD, GetPeersQuery.METHOD,
            AnnouncePeerQuery.METHOD, GetQuery.METHOD, PutQuery.METHOD);
    /** Peers returned per get_peers answer: keeps the datagram well under a typical MTU. */
    private static final int MAX_PEERS_PER_REPLY = 50;

    private final NodeId self;
    private final int k;
    private final Clock clock;
    private final RoutingTable table;
    private final WriteTokens tokens;
    private final PeerStore peers;
    private final ItemStore items;
    private final NodeStats stats;
    private final Map<String, ExtensionHandler> extensions = new HashMap<>();
    /** Items plus info-hashes held, as of the last write: readable from any thread (metrics). */
    private volatile int storedSnapshot;

    QueryServer(NodeId self, int k, Clock clock, RoutingTable table, WriteTokens tokens, PeerStore peers,
                ItemStore items, NodeStats stats) {
        this.self = self;
        this.k = k;
        this.clock = clock;
        this.table = table;
        this.tokens = tokens;
        this.peers = peers;
        this.items = items;
        this.stats = stats;
    }

    int storedSnapshot() {
        return storedSnapshot;
    }

    void register(String method, ExtensionHandler handler) {
        if (CORE_METHODS.contains(method)) {
            throw new IllegalArgumentException(method + " is a core DHT method");
        }
        extensions.put(method, handler);
    }

    /**
     * Serves {@code query}; {@code reply} receives the answer (a response or an error), possibly
     * later for an asynchronous extension.
     */
    void serve(Contact caller, KrpcMessage.Query query, BiConsumer<InetSocketAddress, KrpcMessage> reply) {
        String method = query.method();
        InetSocketAddress from = caller.address();
        stats.queryReceived(CORE_METHODS.contains(method) || extensions.containsKey(method) ? method : "unknown");
        try {
            BDict values = switch (method) {
                case "ping" -> new Reply.Builder(self).build();
                case FindNodeQuery.METHOD -> findNode(FindNodeQuery.parse(query.arguments()));
                case GetPeersQuery.METHOD -> getPeers(GetPeersQuery.parse(query.arguments()), from);
                case AnnouncePeerQuery.METHOD -> announce(AnnouncePeerQuery.parse(query.arguments()), from);
                case GetQuery.METHOD -> get(GetQuery.parse(query.arguments()), from);
                case PutQuery.METHOD -> put(PutQuery.parse(query.arguments()), from);
                default -> null;
            };
            if (values != null) {
                reply.accept(from, new KrpcMessage.Response(query.transactionId(), values));
                return;
            }
        } catch (WireException e) {
            replyError(reply, from, query, ErrorCode.PROTOCOL, "invalid arguments: " + e.getMessage());
            return;
        } catch (RpcErrorException e) {
            replyError(reply, from, query, e.code(), e.reason());
            return;
        }
        ExtensionHandler handler = extensions.get(method);
        if (handler == null) {
            replyError(reply, from, query, ErrorCode.METHOD_UNKNOWN, "method unknown");
            return;
        }
        CompletableFuture<BDict> answer;
        try {
            answer = handler.handle(caller, query.arguments());
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((values, error) -> {
            if (error == null) {
                reply.accept(from, new KrpcMessage.Response(query.transactionId(), withId(values)));
            } else {
                Throwable cause = Futures.cause(error);
                int code = cause instanceof RpcErrorException r ? r.code()
                        : cause instanceof WireException ? ErrorCode.PROTOCOL : ErrorCode.SERVER;
                String text = cause instanceof RpcErrorException r ? r.reason() : String.valueOf(cause.getMessage());
                replyError(reply, from, query, code, text);
            }
        });
    }

    private BDict findNode(FindNodeQuery q) {
        return new Reply.Builder(self).nodes(table.closest(q.target(), k, clock.nanoTime())).build();
    }

    private BDict getPeers(GetPeersQuery q, InetSocketAddress from) {
        long now = clock.nanoTime();
        Reply.Builder out = new Reply.Builder(self)
                .token(tokens.tokenFor(from, now))
                .nodes(table.closest(q.infoHash(), k, now));
        var found = peers.peers(q.infoHash(), MAX_PEERS_PER_REPLY, now);
        if (!found.isEmpty()) {
            out.peers(found);
        }
        return out.build();
    }

    private BDict announce(AnnouncePeerQuery q, InetSocketAddress from) {
        long now = clock.nanoTime();
        if (!tokens.isValid(q.token(), from, now)) {
            stats.event("announce.bad-token");
            throw new RpcErrorException(ErrorCode.PROTOCOL, "bad token");
        }
        int port = q.impliedPort() ? from.getPort() : q.port();
        if (!peers.announce(q.infoHash(), new InetSocketAddress(from.getAddress(), port), now)) {
            stats.event("announce.store-full");
            throw new RpcErrorException(ErrorCode.SERVER, "peer store full");
        }
        storedSnapshot = items.size() + peers.infoHashCount();
        return new Reply.Builder(self).build();
    }

    private BDict get(GetQuery q, InetSocketAddress from) {
        long now = clock.nanoTime();
        Reply.Builder out = new Reply.Builder(self)
                .token(tokens.tokenFor(from, now))
                .nodes(table.closest(q.target(), k, now));
        StoredItem item = items.get(q.target(), now);
        if (item != null) {
            if (!item.isMutable()) {
                out.item(item.value(), null, null, null);
            } else if (q.seq() == null || item.seq() > q.seq()) {
                out.item(item.value(), item.publicKey(), item.signature(), item.seq());
            } else {
                out.seq(item.seq()); // the asker already has this version or a newer one
            }
        }
        return out.build();
    }

    private BDict put(PutQuery q, InetSocketAddress from) {
        if (!tokens.isValid(q.token(), from, clock.nanoTime())) {
            stats.event("put.bad-token");
            throw new RpcErrorException(ErrorCode.PROTOCOL, "bad token");
        }
        PutOutcome outcome = items.put(q, clock.nanoTime());
        stats.event("put." + outcome.name().toLowerCase(java.util.Locale.ROOT));
        if (outcome != PutOutcome.STORED) {
            throw new RpcErrorException(outcome.errorCode(), outcome.name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', ' '));
        }
        storedSnapshot = items.size() + peers.infoHashCount();
        return new Reply.Builder(self).build();
    }

    private BDict withId(BDict values) {
        return values.toBuilder().put("id", self.toBytes()).build();
    }

    private void replyError(BiConsumer<InetSocketAddress, KrpcMessage> reply, InetSocketAddress to,
                            KrpcMessage.Query query, int code, String message) {
        stats.errorSent(code);
        reply.accept(to, new KrpcMessage.Error(query.transactionId(), code, message));
    }

}
