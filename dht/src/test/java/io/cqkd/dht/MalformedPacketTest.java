package io.cqkd.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.transport.Endpoint;
import io.cqkd.transport.sim.SimNetwork;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BInt;
import io.cqkd.wire.BList;
import io.cqkd.wire.BString;
import io.cqkd.wire.Bencode;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.ErrorCode;
import io.cqkd.wire.krpc.KrpcCodec;
import io.cqkd.wire.krpc.KrpcMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken datagrams sent from a raw endpoint to a {@link DhtNode} on a {@link SimNetwork}:
 * each is dropped and counted, answered with the right KRPC error when its transaction id is readable,
 * and none disturbs the node, which still answers a ping afterwards. A task that threw inside the
 * node would surface as a {@code SimulationException} from the run methods and fail the test.
 */
class MalformedPacketTest {
    private final SplittableRandom rnd = new SplittableRandom(0xBADBADL);
    private final SimNetwork sim = new SimNetwork(99);
    private final KrpcCodec codec = new KrpcCodec();
    private final NodeId rawId = NodeId.random(rnd);
    private final List<KrpcMessage> received = new ArrayList<>();
    private DhtNode target;
    private DhtNode other;
    private Endpoint raw;

    @BeforeEach
    void startNodes() {
        CompletableFuture<DhtNode> a = DhtNode.start(sim, null, NodeId.random(rnd), DhtConfig.defaults());
        CompletableFuture<DhtNode> b = DhtNode.start(sim, null, NodeId.random(rnd), DhtConfig.defaults());
        assertThat(sim.runUntil(() -> a.isDone() && b.isDone(), Duration.ofSeconds(10))).isTrue();
        target = a.join();
        other = b.join();
        raw = sim.bind(null, (from, payload, at) -> {
            assertThat(from).isEqualTo(target.address());
            received.add(codec.decode(payload)); // the node only ever sends well-formed KRPC
        }).join();
    }

    private NodeStats stats() {
        return target.stats();
    }

    /** Sends every datagram, then runs until the node has received them all. */
    private void sendAll(List<byte[]> datagrams) {
        long before = stats().get("packets.received");
        for (byte[] d : datagrams) {
            raw.send(target.address(), d);
        }
        assertThat(sim.runUntil(() -> stats().get("packets.received") == before + datagrams.size(),
                Duration.ofSeconds(5))).isTrue();
    }

    private void send(byte[] datagram) {
        sendAll(List.of(datagram));
    }

    /** Runs until the raw endpoint has an error with transaction id {@code tid}; returns it. */
    private KrpcMessage.Error awaitError(BString tid) {
        assertThat(sim.runUntil(() -> findError(tid) != null, Duration.ofSeconds(5)))
                .as("an error with t=%s", tid).isTrue();
        return findError(tid);
    }

    private KrpcMessage.Error findError(BString tid) {
        for (KrpcMessage m : received) {
            if (m instanceof KrpcMessage.Error e && e.transactionId().equals(tid)) {
                return e;
            }
        }
        return null;
    }

    private List<KrpcMessage> answers() {
        return received.stream().filter(m -> !(m instanceof KrpcMessage.Query)).toList();
    }

    private static BString tid(String text) {
        return BString.utf8(text);
    }

    private byte[] query(String t, String method, BDict arguments) {
        return codec.encode(new KrpcMessage.Query(tid(t), method, arguments, false), null);
    }

    private BDict withId() {
        return BDict.builder().put("id", rawId.toBytes()).build();
    }

    private byte[] randomBytes(int length) {
        byte[] b = new byte[length];
        rnd.nextBytes(b);
        return b;
    }

    private void assertStillAnswersPings() {
        CompletableFuture<NodeId> ping = other.ping(target.address());
        assertThat(sim.runUntil(ping::isDone, Duration.ofSeconds(10))).isTrue();
        assertThat(ping.join()).isEqualTo(target.id());
    }

    // ---- the datagrams ------------------------------------------------------------------------------

    @Test
    void aThousandRandomDatagramsAreAllDroppedAndCounted() {
        List<byte[]> junk = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            junk.add(randomBytes(rnd.nextInt(0, 1500)));
        }
        long dropped = stats().droppedTotal();
        sendAll(junk);
        sim.runFor(Duration.ofSeconds(1));

        assertThat(stats().droppedTotal() - dropped).isEqualTo(1000);
        assertThat(stats().get("dropped.malformed-bencode")).isPositive();
        assertThat(stats().sum("queries.received.")).isZero();
        assertThat(answers()).as("no readable transaction id, nothing to answer").isEmpty();
        assertStillAnswersPings();
    }

    @Test
    void randomDatagramsThatLookLikeBencodeAreDroppedToo() {
        // Mostly from bencode's own alphabet, so that some get past the first bytes of the decoder.
        byte[] alphabet = "ilde0123456789:-".getBytes(StandardCharsets.US_ASCII);
        List<byte[]> junk = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            byte[] b = new byte[rnd.nextInt(1, 60)];
            for (int j = 0; j < b.length; j++) {
                b[j] = rnd.nextInt(8) == 0 ? (byte) rnd.nextInt(256) : alphabet[rnd.nextInt(alphabet.length)];
            }
            junk.add(b);
        }
        long dropped = stats().droppedTotal();
        sendAll(junk);
        sim.runFor(Duration.ofSeconds(1));
        assertThat(stats().droppedTotal() - dropped).isEqualTo(1000);
        assertStillAnswersPings();
    }

    @Test
    void everyTruncationOfAValidPingIsDropped() {
        byte[] ping = query("pp", "ping", withId());
        List<byte[]> truncated = new ArrayList<>();
        for (int length = 0; length < ping.length; length++) {
            truncated.add(Arrays.copyOf(ping, length));
        }
        sendAll(truncated);
        sim.runFor(Duration.ofSeconds(1));
        assertThat(stats().get("dropped.malformed-bencode")).isEqualTo(ping.length);
        assertThat(stats().droppedTotal()).isEqualTo(ping.length);
        assertThat(answers()).isEmpty();

        // The whole datagram is a ping like any other.
        send(ping);
        assertThat(sim.runUntil(() -> !answers().isEmpty(), Duration.ofSeconds(5))).isTrue();
        KrpcMessage answer = answers().get(0);
        assertThat(answer).isInstanceOf(KrpcMessage.Response.class);
        assertThat(answer.transactionId()).isEqualTo(tid("pp"));
        assertThat(((KrpcMessage.Response) answer).values().requireBytes("id", NodeId.BYTES))
                .isEqualTo(target.id().toBytes());
        assertStillAnswersPings();
    }

    @Test
    void oversizeDatagramsAreDroppedBeforeDecoding() {
        byte[] huge = new byte[64 * 1024];
        Arrays.fill(huge, (byte) 'd'); // would be nested dicts if it were ever decoded
        send(huge);
        assertThat(stats().get("dropped.oversize")).isEqualTo(1);

        // A valid query one byte over the limit is oversize too; at the limit it is served.
        int limit = target.config().maxPacketBytes();
        send(paddedPing("o1", limit + 1));
        assertThat(stats().get("dropped.oversize")).isEqualTo(2);
        send(paddedPing("o2", limit));
        assertThat(stats().get("dropped.oversize")).isEqualTo(2);
        assertThat(sim.runUntil(() -> answers().stream().anyMatch(m -> m.transactionId().equals(tid("o2"))),
                Duration.ofSeconds(5))).isTrue();
        assertThat(answers()).noneMatch(m -> m.transactionId().equals(tid("o1")));
        assertThat(stats().droppedTotal()).isEqualTo(2);
        assertStillAnswersPings();
    }

    /** A ping of exactly {@code length} bytes: an extra argument pads it. */
    private byte[] paddedPing(String t, int length) {
        byte[] unpadded = query(t, "ping", BDict.builder().put("id", rawId.toBytes()).put("zz", new byte[0]).build());
        int padding = length - unpadded.length;
        // Growing the pad string also lengthens its decimal length prefix: settle on the right size.
        for (int pad = Math.max(0, padding - 6); pad <= padding; pad++) {
            byte[] candidate = query(t, "ping", BDict.builder().put("id", rawId.toBytes())
                    .put("zz", new byte[pad]).build());
            if (candidate.length == length) {
                return candidate;
            }
        }
        throw new AssertionError("cannot pad a ping to " + length + " bytes");
    }

    @Test
    void aDictWithoutTransactionIdIsDroppedSilently() {
        BDict noT = BDict.builder().put("y", "q").put("q", "ping").put("a", withId()).build();
        BDict longT = BDict.builder().put("t", new byte[KrpcCodec.MAX_TRANSACTION_ID_BYTES + 1]).put("y", "q")
                .put("q", "ping").put("a", withId()).build();
        BDict intT = BDict.builder().put("t", 7).put("y", "q").put("q", "ping").put("a", withId()).build();
        sendAll(List.of(Bencode.encode(noT), Bencode.encode(longT), Bencode.encode(intT),
                Bencode.encode(BList.of(BString.utf8("t"))), Bencode.encode(new BInt(3))));
        sim.runFor(Duration.ofSeconds(2));

        assertThat(stats().get("dropped.malformed-no-transaction-id")).isEqualTo(3);
        assertThat(stats().get("dropped.malformed-not-a-dict")).isEqualTo(2);
        assertThat(stats().droppedTotal()).isEqualTo(5);
        assertThat(stats().sum("errors.sent.")).isZero();
        assertThat(received).isEmpty();
        assertStillAnswersPings();
    }

    @Test
    void aQueryWithoutArgumentsGetsProtocolError203() {
        BDict noA = BDict.builder().put("t", "na").put("y", "q").put("q", "ping").build();
        send(Bencode.encode(noA));
        KrpcMessage.Error error = awaitError(tid("na"));
        assertThat(error.code()).isEqualTo(ErrorCode.PROTOCOL);
        assertThat(stats().get("dropped.malformed-bad-envelope")).isEqualTo(1);
        assertThat(stats().get("errors.sent.203")).isEqualTo(1);
        assertThat(stats().sum("queries.received.")).isZero();
        assertStillAnswersPings();
    }

    @Test
    void brokenEnvelopesWithAReadableTransactionIdGetError203() {
        List<byte[]> datagrams = List.of(
                Bencode.encode(BDict.builder().put("t", "e1").put("y", "q").put("q", "ping")
                        .put("a", BList.of()).build()),                         // "a" not a dict
                Bencode.encode(BDict.builder().put("t", "e2").put("q", "ping").put("a", withId()).build()), // no "y"
                Bencode.encode(BDict.builder().put("t", "e3").put("y", "x").put("q", "ping")
                        .put("a", withId()).build()),                           // unknown type
                Bencode.encode(BDict.builder().put("t", "e4").put("y", "q").put("a", withId()).build()), // no "q"
                Bencode.encode(BDict.builder().put("t", "e5").put("y", "q").put("q", 5)
                        .put("a", withId()).build()));                          // "q" not a string
        sendAll(datagrams);
        for (String t : List.of("e1", "e2", "e3", "e4", "e5")) {
            assertThat(awaitError(tid(t)).code()).as("t=%s", t).isEqualTo(ErrorCode.PROTOCOL);
        }
        assertThat(stats().droppedTotal()).isEqualTo(5);
        assertThat(stats().get("dropped.malformed-unknown-message-type")).isEqualTo(1);
        assertThat(stats().get("dropped.malformed-bad-envelope")).isEqualTo(4);
        assertStillAnswersPings();
    }

    @Test
    void aQueryWithAMissingOrMalformedIdGetsError203() {
        sendAll(List.of(
                query("i1", "ping", BDict.empty()),
                query("i2", "ping", BDict.builder().put("id", new byte[19]).build()),
                query("i3", "find_node", BDict.builder().put("id", 42).put("target", new byte[20]).build())));
        for (String t : List.of("i1", "i2", "i3")) {
            assertThat(awaitError(tid(t)).code()).isEqualTo(ErrorCode.PROTOCOL);
        }
        assertThat(stats().get("dropped.query-without-id")).isEqualTo(3);
        assertThat(target.routingTable().contains(rawId)).isFalse();
        assertStillAnswersPings();
    }

    @Test
    void anUnknownMethodGetsError204() {
        send(query("fb", "foo_bar", withId()));
        KrpcMessage.Error error = awaitError(tid("fb"));
        assertThat(error.code()).isEqualTo(ErrorCode.METHOD_UNKNOWN);
        assertThat(stats().get("queries.received.unknown")).isEqualTo(1);
        assertThat(stats().get("errors.sent.204")).isEqualTo(1);
        assertThat(stats().droppedTotal()).isZero();
        assertStillAnswersPings();
    }

    @Test
    void aFindNodeWithANineteenByteTargetGetsError203() {
        send(query("fn", "find_node", BDict.builder().put("id", rawId.toBytes()).put("target", new byte[19]).build()));
        KrpcMessage.Error error = awaitError(tid("fn"));
        assertThat(error.code()).isEqualTo(ErrorCode.PROTOCOL);
        assertThat(stats().get("queries.received.find_node")).isEqualTo(1);
        assertThat(stats().get("errors.sent.203")).isEqualTo(1);
        assertThat(answers()).hasSize(1);
        assertStillAnswersPings();
    }

    @Test
    void badArgumentsOfEveryCoreMethodGetError203() {
        byte[] id = rawId.toBytes();
        sendAll(List.of(
                query("g1", "get_peers", BDict.builder().put("id", id).put("info_hash", new byte[21]).build()),
                query("g2", "get_peers", BDict.builder().put("id", id).build()),
                query("a1", "announce_peer", BDict.builder().put("id", id).put("info_hash", new byte[20])
                        .put("port", 70_000).put("token", "x").build()),
                query("a2", "announce_peer", BDict.builder().put("id", id).put("info_hash", new byte[20])
                        .put("port", 6881).build()),                                   // no token
                query("a3", "announce_peer", BDict.builder().put("id", id).put("info_hash", new byte[20])
                        .put("port", 6881).put("token", "bogus").build()),             // bad token
                query("q1", "get", BDict.builder().put("id", id).put("target", "short").build()),
                query("q2", "get", BDict.builder().put("id", id).put("target", new byte[20]).put("seq", "x").build()),
                query("p1", "put", BDict.builder().put("id", id).put("token", "x").build()), // no v
                query("p2", "put", BDict.builder().put("id", id).put("token", "x").put("v", "v")
                        .put("k", new byte[31]).build()),
                query("p3", "put", BDict.builder().put("id", id).put("v", "v").put("token", "bogus").build())));
        for (String t : List.of("g1", "g2", "a1", "a2", "a3", "q1", "q2", "p1", "p2", "p3")) {
            assertThat(awaitError(tid(t)).code()).as("t=%s", t).isEqualTo(ErrorCode.PROTOCOL);
        }
        assertThat(stats().get("errors.sent.203")).isEqualTo(10);
        assertStillAnswersPings();
    }

    @Test
    void strayAnswersAndErrorsAreDroppedAsUnknownTransactions() {
        sendAll(List.of(
                codec.encode(new KrpcMessage.Response(tid("r1"), withId()), null),
                codec.encode(new KrpcMessage.Error(tid("r2"), 201, "stray"), null),
                codec.encode(new KrpcMessage.Response(BString.of(new byte[0]), withId()), null)));
        sim.runFor(Duration.ofSeconds(1));
        assertThat(stats().get("dropped.unknown-transaction")).isEqualTo(3);
        assertThat(stats().droppedTotal()).isEqualTo(3);
        assertThat(answers()).isEmpty();
        assertStillAnswersPings();
    }

    @Test
    void theWholeBarrageInARowLeavesTheNodeWorking() {
        List<byte[]> barrage = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            barrage.add(randomBytes(rnd.nextInt(0, 600)));
        }
        byte[] ping = query("pp", "ping", withId());
        for (int length = 0; length < ping.length; length++) {
            barrage.add(Arrays.copyOf(ping, length));
        }
        barrage.add(randomBytes(64 * 1024));
        barrage.add(Bencode.encode(BDict.builder().put("y", "q").put("q", "ping").put("a", withId()).build()));
        barrage.add(Bencode.encode(BDict.builder().put("t", "na").put("y", "q").put("q", "ping").build()));
        barrage.add(query("fb", "foo_bar", withId()));
        barrage.add(query("fn", "find_node", BDict.builder().put("id", rawId.toBytes())
                .put("target", new byte[19]).build()));
        sendAll(barrage);

        assertThat(awaitError(tid("na")).code()).isEqualTo(ErrorCode.PROTOCOL);
        assertThat(awaitError(tid("fb")).code()).isEqualTo(ErrorCode.METHOD_UNKNOWN);
        assertThat(awaitError(tid("fn")).code()).isEqualTo(ErrorCode.PROTOCOL);
        // Random bytes, truncations, the oversize one, the one without "t" and the one without "a".
        assertThat(stats().droppedTotal()).isEqualTo(1000 + ping.length + 3);
        assertThat(stats().get("dropped.oversize")).isEqualTo(1);
        assertThat(stats().get("dropped.malformed-no-transaction-id")).isEqualTo(1);
        assertThat(stats().get("dropped.malformed-bad-envelope")).isEqualTo(1);
        assertThat(stats().get("errors.sent.203")).isEqualTo(2);
        assertThat(stats().get("errors.sent.204")).isEqualTo(1);
        assertThat(answers()).hasSize(3);

        // Let the verification ping the node sent us time out, then check the node is still sound.
        sim.runFor(Duration.ofSeconds(10));
        assertStillAnswersPings();
        CompletableFuture<NodeId> back = target.ping(other.address());
        assertThat(sim.runUntil(back::isDone, Duration.ofSeconds(10))).isTrue();
        assertThat(back.join()).isEqualTo(other.id());
        assertThat(target.routingTable().contains(other.id())).isTrue();
        assertThat(target.routingTable().contains(rawId)).as("never answered: never verified").isFalse();
    }
}
