package io.cqkd.dht.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.NodeStats;
import io.cqkd.transport.Endpoint;
import io.cqkd.transport.latency.LatencyModel;
import io.cqkd.transport.sim.SimNetwork;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BString;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.KrpcCodec;
import io.cqkd.wire.krpc.KrpcMessage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * {@link RpcEngine} against raw endpoints of a {@link SimNetwork}, in virtual time: answers, forged
 * and stray answers, the bound on calls in flight, timeouts and shutdown.
 */
class RpcEngineTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final long LATENCY_NANOS = Duration.ofMillis(10).toNanos();
    private static final BString VERSION = BString.of(new byte[] {'T', 'T', 0, 1});

    private final SimNetwork sim = new SimNetwork(11, LatencyModel.fixed(Duration.ofMillis(10)));
    private final KrpcCodec codec = new KrpcCodec();
    private final NodeStats stats = new NodeStats();
    private final SplittableRandom random = new SplittableRandom(5);

    /** A raw endpoint: records every message it gets and, when told to, answers queries. */
    private final class RawPeer {
        final NodeId id = NodeId.random(random);
        final List<KrpcMessage> received = new ArrayList<>();
        final List<InetSocketAddress> senders = new ArrayList<>();
        final Endpoint endpoint;
        boolean answers;
        boolean answersWithError;

        RawPeer(boolean answers) {
            this.answers = answers;
            this.endpoint = sim.bind(null, (from, payload, at) -> {
                KrpcMessage message = codec.decode(payload);
                received.add(message);
                senders.add(from);
                if (message instanceof KrpcMessage.Query q && this.answers) {
                    reply(from, answersWithError
                            ? new KrpcMessage.Error(q.transactionId(), 201, "nope")
                            : new KrpcMessage.Response(q.transactionId(), BDict.builder().put("id", id.toBytes())
                                    .put("echo", q.method()).build()));
                }
            }).join();
        }

        InetSocketAddress address() {
            return endpoint.localAddress();
        }

        void reply(InetSocketAddress to, KrpcMessage message) {
            endpoint.send(to, codec.encode(message, null));
        }

        KrpcMessage.Query lastQuery() {
            return (KrpcMessage.Query) received.get(received.size() - 1);
        }
    }

    private final RpcEngine[] engineHolder = new RpcEngine[1];
    private final Endpoint self = sim.bind(null,
            (from, payload, at) -> engineHolder[0].complete(from, codec.decode(payload), at)).join();

    private RpcEngine engine(int maxOutstanding) {
        engineHolder[0] = new RpcEngine(self, codec, stats, VERSION, maxOutstanding, 0xFFFE);
        return engineHolder[0];
    }

    private static BDict args() {
        return BDict.builder().put("id", new byte[NodeId.BYTES]).build();
    }

    private static Throwable failure(CompletableFuture<?> future) {
        assertThat(future).isCompletedExceptionally();
        try {
            future.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    /** Completion times on the virtual clock, recorded by the future's own callback. */
    private long[] completionTime(CompletableFuture<?> future) {
        long[] at = {-1};
        future.whenComplete((r, e) -> at[0] = sim.nanoTime());
        return at;
    }

    @Test
    void aCallCompletesWithTheAnswer() {
        RpcEngine rpc = engine(16);
        RawPeer peer = new RawPeer(true);
        long sentAt = sim.nanoTime();
        CompletableFuture<RpcResponse> call = rpc.call(peer.address(), "ping", args(), TIMEOUT);
        long[] doneAt = completionTime(call);
        assertThat(rpc.outstanding()).isEqualTo(1);

        assertThat(sim.runUntil(call::isDone, Duration.ofSeconds(10))).isTrue();
        RpcResponse response = call.join();
        assertThat(response.from()).isEqualTo(peer.address());
        assertThat(response.values().requireBytes("id", NodeId.BYTES)).isEqualTo(peer.id.toBytes());
        assertThat(response.values().requireString("echo").asUtf8()).isEqualTo("ping");
        assertThat(response.rttNanos()).isEqualTo(2 * LATENCY_NANOS);
        assertThat(doneAt[0]).isEqualTo(sentAt + 2 * LATENCY_NANOS);
        assertThat(rpc.outstanding()).isZero();

        KrpcMessage.Query query = peer.lastQuery();
        assertThat(query.method()).isEqualTo("ping");
        assertThat(query.arguments()).isEqualTo(args());
        assertThat(query.transactionId().length()).isEqualTo(2);
        assertThat(peer.senders).containsExactly(self.localAddress());
        assertThat(stats.get("rpc.sent.ping")).isEqualTo(1);
        assertThat(stats.get("rpc.answered.ping")).isEqualTo(1);
        assertThat(stats.droppedTotal()).isZero();

        // The timer was cancelled: running past the timeout changes nothing.
        sim.runFor(TIMEOUT.multipliedBy(2));
        assertThat(stats.get("rpc.timeout.ping")).isZero();
    }

    @Test
    void concurrentCallsUseDistinctTransactionIdsAndEachGetsItsOwnAnswer() {
        RpcEngine rpc = engine(16);
        RawPeer a = new RawPeer(true);
        RawPeer b = new RawPeer(true);
        List<CompletableFuture<RpcResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) { // the ids wrap around 0xFFFF during these
            calls.add(rpc.call(a.address(), "ping", args(), TIMEOUT));
            calls.add(rpc.call(b.address(), "find_node", args(), TIMEOUT));
        }
        sim.runUntil(() -> calls.stream().allMatch(CompletableFuture::isDone), Duration.ofSeconds(10));
        for (int i = 0; i < calls.size(); i++) {
            RpcResponse r = calls.get(i).join();
            RawPeer expected = i % 2 == 0 ? a : b;
            assertThat(r.from()).isEqualTo(expected.address());
            assertThat(r.values().requireString("echo").asUtf8()).isEqualTo(i % 2 == 0 ? "ping" : "find_node");
        }
        List<BString> tids = new ArrayList<>();
        a.received.forEach(m -> tids.add(m.transactionId()));
        b.received.forEach(m -> tids.add(m.transactionId()));
        assertThat(tids).hasSize(10).doesNotHaveDuplicates();
    }

    @Test
    void anErrorAnswerFailsTheCallWithItsCode() {
        RpcEngine rpc = engine(16);
        RawPeer peer = new RawPeer(true);
        peer.answersWithError = true;
        CompletableFuture<RpcResponse> call = rpc.call(peer.address(), "get", args(), TIMEOUT);
        sim.runUntil(call::isDone, Duration.ofSeconds(10));
        Throwable error = failure(call);
        assertThat(error).isInstanceOf(RpcErrorException.class);
        assertThat(((RpcErrorException) error).code()).isEqualTo(201);
        assertThat(stats.get("rpc.error.get")).isEqualTo(1);
        assertThat(rpc.outstanding()).isZero();
    }

    @Test
    void anAnswerFromAnotherAddressIsDroppedAndTheCallTimesOut() {
        RpcEngine rpc = engine(16);
        RawPeer called = new RawPeer(false);
        RawPeer forger = new RawPeer(false);
        long sentAt = sim.nanoTime();
        CompletableFuture<RpcResponse> call = rpc.call(called.address(), "ping", args(), TIMEOUT);
        long[] doneAt = completionTime(call);
        sim.runUntil(() -> !called.received.isEmpty(), Duration.ofSeconds(1));

        // The forger knows the transaction id (it guessed or sniffed it) but not the called address.
        BString tid = called.lastQuery().transactionId();
        forger.reply(self.localAddress(), new KrpcMessage.Response(tid,
                BDict.builder().put("id", forger.id.toBytes()).build()));
        assertThat(sim.runUntil(() -> stats.get("dropped.answer-from-wrong-address") == 1, Duration.ofSeconds(1)))
                .isTrue();
        assertThat(call).isNotDone();
        assertThat(rpc.outstanding()).isEqualTo(1);

        sim.runUntil(call::isDone, Duration.ofSeconds(10));
        assertThat(failure(call)).isInstanceOf(RpcTimeoutException.class);
        assertThat(doneAt[0]).isEqualTo(sentAt + TIMEOUT.toNanos());
        assertThat(stats.get("dropped.answer-from-wrong-address")).isEqualTo(1);
        assertThat(stats.get("rpc.answered.ping")).isZero();
        assertThat(stats.get("rpc.timeout.ping")).isEqualTo(1);
    }

    @Test
    void answersWithUnknownOrMalformedTransactionIdsAreCountedAndDropped() {
        RpcEngine rpc = engine(16);
        RawPeer called = new RawPeer(false);
        CompletableFuture<RpcResponse> call = rpc.call(called.address(), "ping", args(), TIMEOUT);
        sim.runUntil(() -> !called.received.isEmpty(), Duration.ofSeconds(1));
        BString tid = called.lastQuery().transactionId();
        BString otherTid = BString.of(new byte[] {(byte) (tid.byteAt(0) ^ 0x55), tid.byteAt(1)});
        BDict values = BDict.builder().put("id", called.id.toBytes()).build();

        called.reply(self.localAddress(), new KrpcMessage.Response(otherTid, values));
        called.reply(self.localAddress(), new KrpcMessage.Response(BString.of(new byte[] {tid.byteAt(0)}), values));
        called.reply(self.localAddress(), new KrpcMessage.Response(
                BString.of(new byte[] {tid.byteAt(0), tid.byteAt(1), 0}), values));
        called.reply(self.localAddress(), new KrpcMessage.Error(otherTid, 201, "stray"));
        assertThat(sim.runUntil(() -> stats.get("dropped.unknown-transaction") == 4, Duration.ofSeconds(1)))
                .isTrue();
        assertThat(call).isNotDone();

        // The real answer still completes the call...
        called.reply(self.localAddress(), new KrpcMessage.Response(tid, values));
        sim.runUntil(call::isDone, Duration.ofSeconds(1));
        assertThat(call.join().from()).isEqualTo(called.address());
        // ...and a duplicate of it is now unknown too.
        called.reply(self.localAddress(), new KrpcMessage.Response(tid, values));
        sim.runFor(Duration.ofSeconds(1));
        assertThat(stats.get("dropped.unknown-transaction")).isEqualTo(5);
        assertThat(stats.get("rpc.answered.ping")).isEqualTo(1);
    }

    /** A call timing that records what it is told. */
    private static final class RecordingTiming implements CallTiming {
        final List<String> told = new ArrayList<>();
        final List<Long> lateRtts = new ArrayList<>();

        @Override
        public Duration stallTimeout(InetSocketAddress peer, String method) {
            return TIMEOUT.dividedBy(4);
        }

        @Override
        public Duration timeout(InetSocketAddress peer, String method) {
            return TIMEOUT;
        }

        @Override
        public void answered(InetSocketAddress peer, String method, long rttNanos) {
            told.add("answered " + method + " " + rttNanos);
        }

        @Override
        public void timedOut(InetSocketAddress peer, String method) {
            told.add("timed out " + method);
        }

        @Override
        public void answeredLate(InetSocketAddress peer, String method, long rttNanos) {
            told.add("late " + method);
            lateRtts.add(rttNanos);
        }
    }

    @Test
    void theTimingGivesTheTimeoutAndHearsTheAnswerWithItsRoundTrip() {
        RpcEngine rpc = engine(16);
        RawPeer peer = new RawPeer(true);
        RecordingTiming timing = new RecordingTiming();
        CompletableFuture<RpcResponse> call = rpc.call(peer.address(), "find_node", args(), timing);
        sim.runUntil(call::isDone, Duration.ofSeconds(10));
        assertThat(call.join().rttNanos()).isEqualTo(2 * LATENCY_NANOS);
        assertThat(timing.told).containsExactly("answered find_node " + 2 * LATENCY_NANOS);
    }

    @Test
    void aLateAnswerIsToldToTheCallsTimingAndCompletesNothing() {
        RpcEngine rpc = engine(16);
        RawPeer called = new RawPeer(false);
        RawPeer other = new RawPeer(false);
        RecordingTiming timing = new RecordingTiming();
        long sentAt = sim.nanoTime();
        CompletableFuture<RpcResponse> call = rpc.call(called.address(), "ping", args(), timing);
        sim.runUntil(call::isDone, Duration.ofSeconds(10));
        assertThat(failure(call)).isInstanceOf(RpcTimeoutException.class);
        assertThat(timing.told).containsExactly("timed out ping");
        BString tid = called.lastQuery().transactionId();
        BDict values = BDict.builder().put("id", called.id.toBytes()).build();

        // The same transaction id from an address we did not call is not a late answer.
        other.reply(self.localAddress(), new KrpcMessage.Response(tid, values));
        sim.runFor(Duration.ofSeconds(1));
        assertThat(stats.get("dropped.unknown-transaction")).isEqualTo(1);
        assertThat(timing.told).containsExactly("timed out ping");

        long repliedAt = sim.nanoTime();
        called.reply(self.localAddress(), new KrpcMessage.Response(tid, values));
        sim.runFor(Duration.ofSeconds(1));
        assertThat(stats.get("rpc.late.ping")).isEqualTo(1);
        assertThat(timing.told).containsExactly("timed out ping", "late ping");
        assertThat(timing.lateRtts).containsExactly(repliedAt + LATENCY_NANOS - sentAt);
        assertThat(stats.get("rpc.answered.ping")).isZero();

        // A duplicate of the late answer is an unknown transaction.
        called.reply(self.localAddress(), new KrpcMessage.Response(tid, values));
        sim.runFor(Duration.ofSeconds(1));
        assertThat(stats.get("dropped.unknown-transaction")).isEqualTo(2);
        assertThat(timing.told).hasSize(2);
    }

    @Test
    void callsBeyondMaxOutstandingFailAtOnce() {
        RpcEngine rpc = engine(3);
        RawPeer silent = new RawPeer(false);
        List<CompletableFuture<RpcResponse>> accepted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            accepted.add(rpc.call(silent.address(), "ping", args(), TIMEOUT));
        }
        CompletableFuture<RpcResponse> rejected = rpc.call(silent.address(), "ping", args(), TIMEOUT);
        CompletableFuture<RpcResponse> rejectedToo = rpc.call(silent.address(), "find_node", args(), TIMEOUT);

        // Failed before any event ran: nothing was queued or sent for them.
        assertThat(failure(rejected)).isInstanceOf(RpcRejectedException.class);
        assertThat(failure(rejectedToo)).isInstanceOf(RpcRejectedException.class);
        assertThat(accepted).allMatch(f -> !f.isDone());
        assertThat(rpc.outstanding()).isEqualTo(3);
        assertThat(stats.get("rpc.rejected")).isEqualTo(2);
        assertThat(stats.get("rpc.sent.ping")).isEqualTo(3);
        assertThat(stats.get("rpc.sent.find_node")).isZero();
        sim.runFor(Duration.ofMillis(100));
        assertThat(silent.received).hasSize(3);

        // Once the calls in flight are over, new ones are accepted again.
        sim.runUntil(() -> accepted.stream().allMatch(CompletableFuture::isDone), Duration.ofSeconds(10));
        assertThat(rpc.outstanding()).isZero();
        CompletableFuture<RpcResponse> later = rpc.call(silent.address(), "ping", args(), TIMEOUT);
        assertThat(later).isNotDone();
        assertThat(rpc.outstanding()).isEqualTo(1);
    }

    @Test
    void aTimeoutFailsTheCallExactlyAtTheVirtualTimeItIsDue() {
        RpcEngine rpc = engine(16);
        RawPeer silent = new RawPeer(false);
        long sentAt = sim.nanoTime();
        CompletableFuture<RpcResponse> shortCall = rpc.call(silent.address(), "ping", args(), Duration.ofMillis(300));
        CompletableFuture<RpcResponse> longCall = rpc.call(silent.address(), "get", args(), TIMEOUT);
        long[] shortDone = completionTime(shortCall);
        long[] longDone = completionTime(longCall);

        sim.runFor(Duration.ofMillis(300).minusNanos(1));
        assertThat(shortCall).isNotDone();
        sim.runFor(Duration.ofNanos(1));
        assertThat(shortCall).isDone();
        assertThat(longCall).isNotDone();
        assertThat(shortDone[0]).isEqualTo(sentAt + Duration.ofMillis(300).toNanos());
        assertThat(failure(shortCall)).isInstanceOf(RpcTimeoutException.class).hasMessageContaining("ping");

        sim.runUntil(longCall::isDone, Duration.ofSeconds(10));
        assertThat(longDone[0]).isEqualTo(sentAt + TIMEOUT.toNanos());
        assertThat(failure(longCall)).isInstanceOf(RpcTimeoutException.class).hasMessageContaining("get");
        assertThat(stats.get("rpc.timeout.ping")).isEqualTo(1);
        assertThat(stats.get("rpc.timeout.get")).isEqualTo(1);
        assertThat(rpc.outstanding()).isZero();
    }

    @Test
    void closeFailsEveryPendingCallAndRefusesNewOnes() {
        RpcEngine rpc = engine(16);
        RawPeer silent = new RawPeer(false);
        List<CompletableFuture<RpcResponse>> pending = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pending.add(rpc.call(silent.address(), "ping", args(), TIMEOUT));
        }
        sim.runUntil(() -> silent.received.size() == 4, Duration.ofSeconds(1));
        assertThat(pending).allMatch(f -> !f.isDone());

        rpc.close();
        for (CompletableFuture<RpcResponse> f : pending) {
            assertThat(failure(f)).isInstanceOf(RpcRejectedException.class);
        }
        assertThat(rpc.outstanding()).isZero();
        assertThat(failure(rpc.call(silent.address(), "ping", args(), TIMEOUT)))
                .isInstanceOf(RpcRejectedException.class);
        assertThat(stats.get("rpc.sent.ping")).isEqualTo(4);

        // Their timers are gone and a late answer belongs to nobody.
        silent.reply(self.localAddress(), new KrpcMessage.Response(silent.lastQuery().transactionId(),
                BDict.builder().put("id", silent.id.toBytes()).build()));
        sim.runFor(TIMEOUT.multipliedBy(2));
        assertThat(stats.get("rpc.timeout.ping")).isZero();
        assertThat(stats.get("rpc.answered.ping")).isZero();
        assertThat(stats.get("dropped.unknown-transaction")).isEqualTo(1);
    }
}
