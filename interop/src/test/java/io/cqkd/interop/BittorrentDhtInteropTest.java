package io.cqkd.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cqkd.dht.BootstrapResult;
import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.GetResult;
import io.cqkd.dht.PeersResult;
import io.cqkd.dht.PutResult;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.transport.Endpoint;
import io.cqkd.transport.UdpTransport;
import io.cqkd.wire.BString;
import io.cqkd.wire.Ed25519KeyPair;
import io.cqkd.wire.MutableItems;
import io.cqkd.wire.NodeId;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Our nodes and npm bittorrent-dht nodes in one network on 127.0.0.1: each side must find, store
 * and read what the other side put there, and neither may reject anything the other sends: after
 * the join and after every test, nothing new was dropped, refused or warned about on either side
 * (but in the canary test, which sends a broken message on purpose to show the check can fail).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BittorrentDhtInteropTest {
    private static final int JS_NODES = 24;
    private static final int OUR_NODES = 8;
    private static final HexFormat HEX = HexFormat.of();

    private BittorrentDhtProcess js;
    private UdpTransport transport;
    private final List<DhtNode> ours = new ArrayList<>();
    private final List<JsonNode> jsNodes = new ArrayList<>();
    private final SplittableRandom random = new SplittableRandom(2026);
    /** Problems on both sides when the running test began. */
    private Problems before;
    /** Set by the canary, which makes a problem on purpose. */
    private boolean problemExpected;

    /** What each side dropped, refused or warned about so far. */
    private record Problems(int jsWarnings, int jsErrorsReceived, Map<String, Long> ours) {}

    @BeforeAll
    void buildMixedNetwork() throws Exception {
        js = new BittorrentDhtProcess();
        JsonNode seed = js.call(js.command("start").put("count", 1).putNull("bootstrap")).get("nodes").get(0);
        jsNodes.add(seed);
        js.call(js.command("start").put("count", JS_NODES - 1).put("bootstrap", "127.0.0.1:" + seed.get("port").asInt()))
                .get("nodes").forEach(jsNodes::add);

        transport = new UdpTransport(2, 256 * 1024);
        for (int i = 0; i < OUR_NODES; i++) {
            ours.add(DhtNode.start(transport, new InetSocketAddress("127.0.0.1", 0), NodeId.random(random),
                    DhtConfig.defaults()).get(10, TimeUnit.SECONDS));
        }
        // (a) our nodes join through a bittorrent-dht node
        for (DhtNode node : ours) {
            BootstrapResult joined = await(node.bootstrap(List.of(jsAddress(seed))));
            assertThat(joined.seedsAnswered()).isEqualTo(1);
        }
        Problems afterJoin = problems();
        assertThat(afterJoin).as("problems while the mixed network joined")
                .isEqualTo(new Problems(0, 0, Map.of()));
    }

    @BeforeEach
    void rememberProblems() {
        before = problems();
        problemExpected = false;
    }

    @AfterEach
    void neitherSideRejectedAnythingTheOtherSent() {
        if (!problemExpected) {
            assertThat(problems()).as("packets bittorrent-dht could not handle, KRPC errors it got from us,"
                    + " what our nodes dropped or errors they got or sent, during this test").isEqualTo(before);
        }
    }

    private Problems problems() {
        JsonNode js = this.js.call(this.js.command("problems"));
        Map<String, Long> ourProblems = new TreeMap<>();
        for (DhtNode node : ours) {
            node.stats().snapshot().forEach((name, count) -> {
                if (name.startsWith("dropped.") || name.startsWith("rpc.error.") || name.startsWith("errors.sent.")) {
                    ourProblems.merge(name, count, Long::sum);
                }
            });
        }
        return new Problems(js.get("warnings").size(), js.get("errorsReceived").size(), ourProblems);
    }

    @AfterAll
    void tearDown() {
        for (DhtNode node : ours) {
            node.stop().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        if (transport != null) {
            transport.close();
        }
        if (js != null) {
            js.close();
        }
    }

    @Test
    void ourNodeBootstrappedFromBittorrentDhtFindsEveryOneOfItsNodesByLookup() {
        DhtNode asker = ours.get(0);
        for (JsonNode node : jsNodes) {
            LookupResult result = await(asker.lookup(NodeId.fromHex(node.get("id").asText())));
            assertThat(result.foundTarget()).as("lookup of bittorrent-dht node %s", node.get("id").asText()).isTrue();
            assertThat(result.closest().get(0).address().getPort()).isEqualTo(node.get("port").asInt());
        }
    }

    @Test
    void bittorrentDhtNodesBootstrappedFromOursFindOurNodeIds() {
        JsonNode joined = js.call(js.command("start").put("count", 4)
                .put("bootstrap", "127.0.0.1:" + ours.get(1).address().getPort()));
        for (JsonNode jsNode : joined.get("nodes")) {
            for (DhtNode node : ours) {
                JsonNode answer = js.call(js.command("findNode").put("from", jsNode.get("index").asInt())
                        .put("target", node.id().toHex()));
                assertThat(answer.get("found").asBoolean())
                        .as("bittorrent-dht node %s looking up our node %s", jsNode.get("id"), node.id()).isTrue();
            }
        }
    }

    @Test
    void announcedPeersCrossBothWays() {
        NodeId ourInfoHash = NodeId.random(random);
        PutResult announced = await(ours.get(2).announce(ourInfoHash, 7001));
        assertThat(announced.accepted()).isPositive();
        JsonNode found = js.call(js.command("getPeers").put("from", 5).put("infoHash", ourInfoHash.toHex()));
        assertThat(found.get("peers").toString()).contains("127.0.0.1:7001");

        NodeId theirInfoHash = NodeId.random(random);
        js.call(js.command("announce").put("from", 7).put("infoHash", theirInfoHash.toHex()).put("port", 7002));
        PeersResult peers = await(ours.get(3).getPeers(theirInfoHash));
        assertThat(peers.peers()).contains(new InetSocketAddress("127.0.0.1", 7002));
    }

    @Test
    void immutableItemsCrossBothWays() {
        BString ourValue = BString.utf8("immutable from CQKD-DHT");
        assertThat(await(ours.get(4).putImmutable(ourValue)).accepted()).isPositive();
        JsonNode got = js.call(js.command("get").put("from", 9)
                .put("hash", MutableItems.immutableTarget(ourValue).toHex()));
        assertThat(got.get("found").asBoolean()).isTrue();
        assertThat(got.get("v").asText()).isEqualTo("immutable from CQKD-DHT");

        JsonNode put = js.call(js.command("putImmutable").put("from", 11).put("v", "immutable from bittorrent-dht"));
        assertThat(put.get("stored").asInt()).isPositive();
        GetResult ourGet = await(ours.get(5).getImmutable(NodeId.fromHex(put.get("hash").asText())));
        assertThat(ourGet.value()).isEqualTo(BString.utf8("immutable from bittorrent-dht"));
    }

    @Test
    void mutableItemsCrossBothWays() {
        byte[] ourSeed = new byte[32];
        random.nextBytes(ourSeed);
        Ed25519KeyPair ourKey = Ed25519KeyPair.fromSeed(ourSeed);
        byte[] salt = "cqkd-salt".getBytes(StandardCharsets.UTF_8);
        await(ours.get(6).putMutable(ourKey, salt, 1, BString.utf8("mutable v1 from CQKD-DHT"), null));
        assertThat(await(ours.get(6).putMutable(ourKey, salt, 2, BString.utf8("mutable v2 from CQKD-DHT"), 1L))
                .accepted()).isPositive();
        JsonNode got = js.call(js.command("get").put("from", 13)
                .put("hash", MutableItems.mutableTarget(ourKey.publicKey(), salt).toHex()).put("salt", "cqkd-salt"));
        assertThat(got.get("found").asBoolean()).isTrue();
        assertThat(got.get("v").asText()).isEqualTo("mutable v2 from CQKD-DHT");
        assertThat(got.get("seq").asLong()).isEqualTo(2);

        byte[] theirSeed = new byte[32];
        random.nextBytes(theirSeed);
        JsonNode key = js.call(js.command("publicKey").put("seed", HEX.formatHex(theirSeed)));
        byte[] theirPublicKey = Ed25519KeyPair.fromSeed(theirSeed).publicKey();
        assertThat(key.get("k").asText()).isEqualTo(HEX.formatHex(theirPublicKey)); // same Ed25519 on both sides
        js.call(js.command("putMutable").put("from", 15).put("seed", HEX.formatHex(theirSeed)).put("salt", "js-salt")
                .put("seq", 3).put("v", "mutable from bittorrent-dht"));
        GetResult ourGet = await(ours.get(7).getMutable(theirPublicKey, "js-salt".getBytes(StandardCharsets.UTF_8)));
        assertThat(ourGet.value()).isEqualTo(BString.utf8("mutable from bittorrent-dht"));
        assertThat(ourGet.seq()).isEqualTo(3L);
    }

    /** The detector above must be able to see a broken message: send one and watch it counted. */
    @Test
    void aMalformedMessageToBittorrentDhtShowsUpAsAProblem() throws Exception {
        problemExpected = true;
        int before = js.call(js.command("problems")).get("warnings").size();
        Endpoint raw = transport.bind(new InetSocketAddress("127.0.0.1", 0), (f, p, t) -> { }).get(5, TimeUnit.SECONDS);
        // A find_node query cut short: not decodable bencode.
        byte[] truncated = "d1:ad2:id20:abcdefghij".getBytes(StandardCharsets.US_ASCII);
        raw.scheduler().execute(() -> raw.send(jsAddress(jsNodes.get(2)), truncated));
        JsonNode after = null;
        for (int attempt = 0; attempt < 50; attempt++) { // the answer is asynchronous: poll the peer
            after = js.call(js.command("problems"));
            if (after.get("warnings").size() > before) {
                break;
            }
            js.call(js.command("nodes")); // a round trip to the peer process instead of a sleep
        }
        raw.close().get(5, TimeUnit.SECONDS);
        assertThat(after.get("warnings").size()).isGreaterThan(before);
    }

    private static InetSocketAddress jsAddress(JsonNode node) {
        return new InetSocketAddress("127.0.0.1", node.get("port").asInt());
    }

    private static <T> T await(CompletableFuture<T> future) {
        return future.orTimeout(60, TimeUnit.SECONDS).join();
    }
}
