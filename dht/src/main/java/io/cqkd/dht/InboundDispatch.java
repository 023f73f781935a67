package io.cqkd.dht;

import io.cqkd.dht.rpc.RpcEngine;
import io.cqkd.wire.BString;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.WireException;
import io.cqkd.wire.krpc.Contact;
import io.cqkd.wire.krpc.ErrorCode;
import io.cqkd.wire.krpc.KrpcCodec;
import io.cqkd.wire.krpc.KrpcMessage;
import io.cqkd.wire.krpc.MalformedMessageException;
import java.net.InetSocketAddress;

/**
 * Where every datagram a node receives goes: too large ones and malformed ones are counted and
 * dropped before anything else (a malformed query with a readable transaction id gets error 203),
 * a source past its query rate ({@link SourceLimits}) is dropped unanswered,
 * answers go to the RPC engine, queries to the query server. A query also tells the routing table
 * that its sender is alive, and an unknown sender that would get a place in the table is sent a
 * verification ping. Confined to the node's loop.
 */
final class InboundDispatch {
    private final NodeContext node;
    private final KrpcCodec codec;
    private final BString version;
    private final RpcEngine rpc;
    private final QueryServer server;
    private final OutboundCalls calls;
    private final SourceLimits limits;

    InboundDispatch(NodeContext node, KrpcCodec codec, BString version, RpcEngine rpc, QueryServer server,
                    OutboundCalls calls) {
        this.node = node;
        this.codec = codec;
        this.version = version;
        this.rpc = rpc;
        this.server = server;
        this.calls = calls;
        this.limits = new SourceLimits(node.config.queriesPerSource());
    }

    void onPacket(InetSocketAddress sender, byte[] payload, long receivedAtNanos) {
        if (node.stopped()) {
            return;
        }
        node.stats.packetReceived();
        if (payload.length > node.config.maxPacketBytes()) {
            node.stats.dropped("oversize");
            return;
        }
        KrpcMessage message;
        try {
            message = codec.decode(payload);
        } catch (MalformedMessageException e) {
            node.stats.dropped("malformed-" + e.reason());
            if (e.transactionId() != null) {
                node.stats.errorSent(ErrorCode.PROTOCOL);
                send(sender, new KrpcMessage.Error(e.transactionId(), ErrorCode.PROTOCOL, "malformed message"));
            }
            return;
        }
        if (message instanceof KrpcMessage.Query query) {
            if (!limits.allow(sender, receivedAtNanos)) {
                node.stats.dropped("rate-limited"); // unanswered: an answer would cost as much as the query
                return;
            }
            onQuery(sender, query);
        } else {
            rpc.complete(sender, message, receivedAtNanos);
        }
    }

    private void onQuery(InetSocketAddress sender, KrpcMessage.Query query) {
        NodeId caller;
        try {
            caller = NodeId.of(query.arguments().requireBytes("id", NodeId.BYTES));
        } catch (WireException e) {
            node.stats.dropped("query-without-id");
            node.stats.errorSent(ErrorCode.PROTOCOL);
            send(sender, new KrpcMessage.Error(query.transactionId(), ErrorCode.PROTOCOL, "missing or bad id"));
            return;
        }
        server.serve(new Contact(caller, sender), query, this::send);
        if (!query.readOnly() && !caller.equals(node.id)) {
            long now = node.now();
            node.table.onQuery(caller, sender, now);
            if (node.table.wouldAccept(caller, now)) {
                calls.verify(caller, sender);
            }
        }
    }

    private void send(InetSocketAddress to, KrpcMessage message) {
        if (!node.stopped()) {
            node.endpoint.send(to, codec.encode(message, version));
        }
    }
}
