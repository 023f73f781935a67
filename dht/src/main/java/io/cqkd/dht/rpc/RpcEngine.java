package io.cqkd.dht.rpc;

import io.cqkd.dht.NodeStats;
import io.cqkd.transport.Cancellable;
import io.cqkd.transport.Endpoint;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BString;
import io.cqkd.wire.krpc.KrpcCodec;
import io.cqkd.wire.krpc.KrpcMessage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Outgoing calls of one node: transaction ids, the per-call timeout and a bound on calls in flight.
 * An answer is matched by transaction id AND by the address the call went to, so a third party
 * cannot complete our calls by guessing ids. Confined to the node's loop.
 */
public final class RpcEngine {
    private final Endpoint endpoint;
    private final KrpcCodec codec;
    private final NodeStats stats;
    private final BString version;
    private final int maxOutstanding;
    private final Map<Integer, PendingCall> pending = new HashMap<>();
    private int nextTransaction;
    private boolean closed;

    public RpcEngine(Endpoint endpoint, KrpcCodec codec, NodeStats stats, BString version, int maxOutstanding,
                     int firstTransaction) {
        this.endpoint = endpoint;
        this.codec = codec;
        this.stats = stats;
        this.version = version;
        this.maxOutstanding = maxOutstanding;
        this.nextTransaction = firstTransaction & 0xFFFF;
    }

    /** Sends {@code method(arguments)} to {@code peer}; the future completes on the node's loop. */
    public CompletableFuture<RpcResponse> call(InetSocketAddress peer, String method, BDict arguments,
                                               Duration timeout) {
        if (closed) {
            return CompletableFuture.failedFuture(new RpcRejectedException("node stopped"));
        }
        if (pending.size() >= maxOutstanding) {
            stats.rpcRejected(method);
            return CompletableFuture.failedFuture(
                    new RpcRejectedException(maxOutstanding + " calls already outstanding"));
        }
        int tid = freeTransactionId();
        PendingCall call = new PendingCall(peer, method, endpoint.clock().nanoTime(), new CompletableFuture<>());
        pending.put(tid, call);
        call.timer = endpoint.scheduler().schedule(timeout, () -> {
            if (pending.remove(tid, call)) {
                stats.rpcTimedOut(method);
                call.result.completeExceptionally(new RpcTimeoutException(method, peer));
            }
        });
        BString tidBytes = BString.of(new byte[] {(byte) (tid >>> 8), (byte) tid});
        stats.rpcSent(method);
        endpoint.send(peer, codec.encode(new KrpcMessage.Query(tidBytes, method, arguments, false), version));
        return call.result;
    }

    /**
     * Completes the call an answer or error belongs to. Returns false when it belongs to none (unknown
     * or late transaction, or an answer from another address than the one called): counted, dropped.
     */
    public boolean complete(InetSocketAddress from, KrpcMessage message, long receivedAtNanos) {
        BString t = message.transactionId();
        if (t.length() != 2) {
            stats.dropped("unknown-transaction");
            return false;
        }
        int tid = ((t.byteAt(0) & 0xFF) << 8) | (t.byteAt(1) & 0xFF);
        PendingCall call = pending.get(tid);
        if (call == null) {
            stats.dropped("unknown-transaction");
            return false;
        }
        if (!call.peer.equals(from)) {
            stats.dropped("answer-from-wrong-address");
            return false;
        }
        pending.remove(tid);
        call.timer.cancel();
        if (message instanceof KrpcMessage.Response response) {
            long rtt = receivedAtNanos - call.sentAtNanos;
            stats.rpcAnswered(call.method, rtt);
            call.result.complete(new RpcResponse(from, response.values(), rtt));
        } else if (message instanceof KrpcMessage.Error error) {
            stats.rpcErrorReceived(call.method);
            call.result.completeExceptionally(new RpcErrorException(error.code(), error.message()));
        }
        return true;
    }

    public int outstanding() {
        return pending.size();
    }

    /** Fails every call in flight (the node is stopping) and refuses new ones. */
    public void close() {
        closed = true;
        for (PendingCall call : new ArrayList<>(pending.values())) {
            call.timer.cancel();
            call.result.completeExceptionally(new RpcRejectedException("node stopped"));
        }
        pending.clear();
    }

    private int freeTransactionId() {
        // Bounded outstanding calls (<< 65,536) guarantee a free id within a few steps.
        while (pending.containsKey(nextTransaction)) {
            nextTransaction = (nextTransaction + 1) & 0xFFFF;
        }
        int tid = nextTransaction;
        nextTransaction = (nextTransaction + 1) & 0xFFFF;
        return tid;
    }

    private static final class PendingCall {
        final InetSocketAddress peer;
        final String method;
        final long sentAtNanos;
        final CompletableFuture<RpcResponse> result;
        Cancellable timer;

        PendingCall(InetSocketAddress peer, String method, long sentAtNanos, CompletableFuture<RpcResponse> result) {
            this.peer = peer;
            this.method = method;
            this.sentAtNanos = sentAtNanos;
            this.result = result;
        }
    }
}
