package io.cqkd.dht;

import io.cqkd.dht.routing.RoutingEntry;
import io.cqkd.dht.rpc.CallTiming;
import io.cqkd.dht.rpc.RpcEngine;
import io.cqkd.dht.rpc.RpcErrorException;
import io.cqkd.dht.rpc.RpcResponse;
import io.cqkd.dht.rpc.RpcTimeoutException;
import io.cqkd.wire.BDict;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.WireException;
import io.cqkd.wire.krpc.Contact;
import io.cqkd.wire.krpc.ErrorCode;
import io.cqkd.wire.krpc.Reply;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The calls a node makes, and what they teach its routing table: an answer verifies its sender (it
 * may enter the table, or refresh its entry), a timeout counts against the node we expected at that
 * address (as the liveness policy says), an answer under another id means someone else lives there
 * now. Each call is timed by the call-timing policy in force, and every outcome is also told to the
 * node's events. Owns the verification pings that an unknown node must answer before it may enter
 * the table. Confined to the node's loop.
 */
final class OutboundCalls {
    private final NodeContext node;
    private final RpcEngine rpc;
    private final Verifications verifications;

    OutboundCalls(NodeContext node, RpcEngine rpc) {
        this.node = node;
        this.rpc = rpc;
        this.verifications = new Verifications(node.config.maxPendingVerifications(),
                4 * node.config.maxPendingVerifications(), this::verificationPing, node.stats);
    }

    /** Calls {@code method} with the timing policy's timeout; {@code expectedId} may be null (unknown). */
    CompletableFuture<RpcResponse> send(InetSocketAddress address, NodeId expectedId, String method, BDict arguments) {
        return send(address, expectedId, method, arguments, node.policies().callTiming());
    }

    /**
     * As {@link #send(InetSocketAddress, NodeId, String, BDict)} with a timeout of the caller's own
     * (the join's patient pings); the timing policy is still told the outcome.
     */
    CompletableFuture<RpcResponse> send(InetSocketAddress address, NodeId expectedId, String method, BDict arguments,
                                        Duration timeout) {
        return send(address, expectedId, method, arguments, new OwnTimeout(node.policies().callTiming(), timeout));
    }

    private CompletableFuture<RpcResponse> send(InetSocketAddress address, NodeId expectedId, String method,
                                                BDict arguments, CallTiming timing) {
        return rpc.call(address, method, arguments, timing).whenComplete((response, error) -> {
            if (error == null) {
                learnFromAnswer(address, expectedId, method, response);
            } else if (error instanceof RpcTimeoutException && expectedId != null) {
                node.table.onFailure(expectedId, address, node.now());
                node.tableChanged();
                node.events.peerFailed(new Contact(expectedId, address), method);
            }
        });
    }

    private void learnFromAnswer(InetSocketAddress address, NodeId expectedId, String method, RpcResponse response) {
        NodeId answered;
        try {
            answered = NodeId.of(response.values().requireBytes("id", NodeId.BYTES));
        } catch (WireException e) {
            return; // the caller's parsing reports it
        }
        long now = node.now();
        if (expectedId != null && !expectedId.equals(answered)) {
            node.table.remove(expectedId, now); // someone else lives at that address now
        }
        Contact contact = new Contact(answered, address);
        RoutingEntry questionable = node.table.onResponse(contact, now, response.rttNanos());
        node.tableChanged();
        if (questionable != null) {
            verify(questionable.id(), questionable.address());
        }
        node.events.peerAnswered(contact, method, response.rttNanos());
    }

    /** Calls {@code method} and parses the answer as a BEP 5 / BEP 44 reply. */
    CompletableFuture<Reply> call(InetSocketAddress address, NodeId expectedId, String method, BDict arguments) {
        return send(address, expectedId, method, arguments).thenApply(response -> {
            try {
                return Reply.parse(response.values());
            } catch (WireException e) {
                node.stats.dropped("malformed-reply");
                throw new RpcErrorException(ErrorCode.PROTOCOL, "malformed reply to " + method + ": " + e.getMessage());
            }
        });
    }

    /** Pings a node before it may enter the table: a query alone proves nothing about its address. */
    void verify(NodeId expectedId, InetSocketAddress address) {
        verifications.request(expectedId, address);
    }

    private CompletableFuture<Reply> verificationPing(NodeId expectedId, InetSocketAddress address) {
        return call(address, expectedId, "ping", node.withOurId(BDict.builder()));
    }

    /** Calls awaiting their answer now. */
    int inFlight() {
        return rpc.outstanding();
    }

    /** Fails the calls in flight and refuses new ones: the node stops. */
    void close() {
        rpc.close();
    }

    /** The policy's timing, with a timeout of the caller's own; outcomes still go to the policy. */
    private record OwnTimeout(CallTiming policy, Duration timeout) implements CallTiming {
        @Override
        public Duration stallTimeout(InetSocketAddress peer, String method) {
            return policy.stallTimeout(peer, method);
        }

        @Override
        public Duration timeout(InetSocketAddress peer, String method) {
            return timeout;
        }

        @Override
        public void answered(InetSocketAddress peer, String method, long rttNanos) {
            policy.answered(peer, method, rttNanos);
        }

        @Override
        public void timedOut(InetSocketAddress peer, String method) {
            policy.timedOut(peer, method);
        }

        @Override
        public void answeredLate(InetSocketAddress peer, String method, long rttNanos) {
            policy.answeredLate(peer, method, rttNanos);
        }
    }
}
