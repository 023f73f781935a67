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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Outgoing calls of one node: transaction ids, the per-call timeout its {@link CallTiming} gives,
 * and a bound on calls in flight. An answer is matched by transaction id AND by the address the call
 * went to, so a third party cannot complete our calls by guessing ids. The timing is told every
 * outcome: the answer and its round-trip time, the timeout, and an answer that arrives after the
 * timeout (the engine remembers the last {@link #LATE_WINDOW} timed-out calls to recognise one).
 * Confined to the node's loop.
 */
public final class RpcEngine {
    /**
     * Timed-out calls remembered to recognise their late answers. A late answer comes within a few
     * timeouts or not at all; at most maxOutstanding calls time out per timeout period, so a window
     * of 64 catches nearly all of them for a node's usual load and costs a few KiB at most.
     */
    static final int LATE_WINDOW = 64;

    private final Endpoint endpoint;
    private final KrpcCodec codec;
    private final NodeStats stats;
    private final BString version;
    private final int maxOutstanding;
    private final Map<Integer, PendingCall> pending = new HashMap<>();
    /** Calls that timed out lately, by transaction id, oldest first; created at the first timeout. */
    private LinkedHashMap<Integer, PendingCall> timedOut;
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

    /** Sends {@code method(arguments)} to {@code peer}, failing after {@code timeout}; nobody learns from it. */
    public CompletableFuture<RpcResponse> call(InetSocketAddress peer, String method, BDict arguments,
                                               Duration timeout) {
        return call(peer, method, arguments, new FixedCallTiming(timeout, timeout));
    }

    /**
     * Sends {@code method(arguments)} to {@code peer} with the timeout {@code timing} gives, and tells
     * {@code timing} the outcome. The future completes on the node's loop.
     */
    public CompletableFuture<RpcResponse> call(InetSocketAddress peer, String method, BDict arguments,
                                               CallTiming timing) {
        if (closed) {
            return CompletableFuture.failedFuture(new RpcRejectedException("node stopped"));
        }
        if (pending.size() >= maxOutstanding) {
            stats.rpcRejected(method);
            return CompletableFuture.failedFuture(
                    new RpcRejectedException(maxOutstanding + " calls already outstanding"));
        }
        int tid = freeTransactionId();
        PendingCall call = new PendingCall(peer, method, timing, endpoint.clock().nanoTime());
        pending.put(tid, call);
        call.timer = endpoint.scheduler().schedule(timing.timeout(peer, method), () -> {
            if (pending.remove(tid, call)) {
                rememberTimedOut(tid, call);
                stats.rpcTimedOut(method);
                timing.timedOut(peer, method);
                call.result.completeExceptionally(new RpcTimeoutException(method, peer));
            }
        });
        BString tidBytes = BString.of(new byte[] {(byte) (tid >>> 8), (byte) tid});
        stats.rpcSent(method);
        endpoint.send(peer, codec.encode(new KrpcMessage.Query(tidBytes, method, arguments, false), version));
        return call.result;
    }

    /**
     * Completes the call an answer or error belongs to. Returns false when it belongs to none: an
     * unknown transaction, an answer from another address than the one called, or a late answer to a
     * call that already timed out (counted as a false timeout and told to its timing). Each is counted.
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
            return lateOrUnknown(tid, from, receivedAtNanos);
        }
        if (!call.peer.equals(from)) {
            stats.dropped("answer-from-wrong-address");
            return false;
        }
        pending.remove(tid);
        call.timer.cancel();
        long rtt = receivedAtNanos - call.sentAtNanos;
        call.timing.answered(from, call.method, rtt);
        if (message instanceof KrpcMessage.Response response) {
            stats.rpcAnswered(call.method, rtt);
            call.result.complete(new RpcResponse(from, response.values(), rtt));
        } else if (message instanceof KrpcMessage.Error error) {
            stats.rpcErrorReceived(call.method);
            call.result.completeExceptionally(new RpcErrorException(error.code(), error.message()));
        }
        return true;
    }

    private boolean lateOrUnknown(int tid, InetSocketAddress from, long receivedAtNanos) {
        PendingCall late = timedOut == null ? null : timedOut.get(tid);
        if (late == null || !late.peer.equals(from)) {
            stats.dropped("unknown-transaction");
            return false;
        }
        timedOut.remove(tid); // a duplicate of the late answer is unknown
        long rtt = receivedAtNanos - late.sentAtNanos;
        stats.rpcAnsweredLate(late.method, rtt);
        late.timing.answeredLate(from, late.method, rtt);
        return false;
    }

    private void rememberTimedOut(int tid, PendingCall call) {
        if (timedOut == null) {
            timedOut = new LinkedHashMap<>();
        }
        timedOut.put(tid, call);
        if (timedOut.size() > LATE_WINDOW) {
            timedOut.remove(timedOut.keySet().iterator().next());
        }
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
        timedOut = null;
    }

    private int freeTransactionId() {
        // Bounded outstanding calls (<< 65,536) guarantee a free id within a few steps.
        while (pending.containsKey(nextTransaction)) {
            nextTransaction = (nextTransaction + 1) & 0xFFFF;
        }
        int tid = nextTransaction;
        nextTransaction = (nextTransaction + 1) & 0xFFFF;
        if (timedOut != null) {
            timedOut.remove(tid); // reused: an answer with this id now belongs to the new call
        }
        return tid;
    }

    private static final class PendingCall {
        final InetSocketAddress peer;
        final String method;
        final CallTiming timing;
        final long sentAtNanos;
        final CompletableFuture<RpcResponse> result = new CompletableFuture<>();
        Cancellable timer;

        PendingCall(InetSocketAddress peer, String method, CallTiming timing, long sentAtNanos) {
            this.peer = peer;
            this.method = method;
            this.timing = timing;
            this.sentAtNanos = sentAtNanos;
        }
    }
}
