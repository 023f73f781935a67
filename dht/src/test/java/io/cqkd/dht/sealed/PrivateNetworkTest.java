package io.cqkd.dht.sealed;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.cluster.SimDriver;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.transport.Endpoint;
import io.cqkd.transport.sealed.NetworkKeyring;
import io.cqkd.transport.sealed.SealDrop;
import io.cqkd.transport.sealed.SealedTransport;
import io.cqkd.transport.sim.SimNetwork;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BString;
import io.cqkd.wire.NodeId;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A private network in virtual time: 30 nodes sealing with the network key. A node without the key
 * (or with another) cannot join, store, announce, lease or ask anything: not even an answer comes back; a datagram copied and sent again
 * is dropped; and the key is rotated node by node while lookups go on, without one failing.
 */
class PrivateNetworkTest {
    private static final NetworkKeyring K1 = new NetworkKeyring(key(1), List.of());
    private final SimNetwork sim = new SimNetwork(8);
    private final SimDriver driver = new SimDriver(sim);
    private final SplittableRandom random = new SplittableRandom(8);

    private static byte[] key(int b) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) b);
        return key;
    }

    private DhtNode node(SealedTransport transport) {
        return driver.await(DhtNode.start(transport, null, NodeId.random(random),
                DhtConfig.defaults().toBuilder().randomSeed(random.nextLong()).build()), Duration.ofSeconds(1));
    }

    private <T> T await(CompletableFuture<T> f) {
        return driver.await(f.exceptionally(e -> null), Duration.ofHours(1));
    }

    private List<SealedTransport> transports = new ArrayList<>();

    private List<DhtNode> privateNetwork(int size) {
        List<DhtNode> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            SealedTransport t = new SealedTransport(sim, K1, () -> sim.nanoTime() / 1_000_000);
            transports.add(t);
            nodes.add(node(t));
        }
        nodes.get(0).startNewNetwork();
        for (DhtNode n : nodes.subList(1, size)) {
            assertThat(await(n.bootstrap(List.of(nodes.get(0).address())))).isNotNull();
        }
        return nodes;
    }

    private long drops(SealDrop reason) {
        return transports.stream().mapToLong(t -> t.drops().count(reason)).sum();
    }

    @Test
    void aNodeWithoutTheKeyCannotJoinStoreAnnounceOrAskAndAReplayIsDropped() {
        List<DhtNode> members = privateNetwork(30);
        DhtNode stranger = driver.await(DhtNode.start(sim, null, NodeId.random(random), DhtConfig.defaults()),
                Duration.ofSeconds(1));
        InetSocketAddress member = members.get(5).address();
        assertThat(await(stranger.bootstrap(List.of(member)))).as("join").isNull();
        assertThat(await(stranger.ping(member))).as("ping").isNull();
        assertThat(await(stranger.query(member, "get_peers", BDict.builder().put("info_hash", new byte[20]).build())))
                .as("get_peers").isNull();
        assertThat(await(stranger.query(member, "announce_peer", BDict.builder().put("info_hash", new byte[20])
                .put("port", 6881).put("token", new byte[8]).build()))).as("announce_peer").isNull();
        assertThat(await(stranger.query(member, "put", BDict.builder().put("v", "stored by a stranger")
                .put("token", new byte[8]).build()))).as("put").isNull();
        assertThat(await(stranger.query(member, "cqkd_role_request", BDict.builder().put("pid", "x").put("role", "QSG")
                .put("lease", 60).build()))).as("lease").isNull();
        assertThat(drops(SealDrop.UNSEALED)).isPositive();

        DhtNode otherKey = node(new SealedTransport(sim, new NetworkKeyring(key(2), List.of()), () -> sim.nanoTime() / 1_000_000));
        assertThat(await(otherKey.bootstrap(List.of(member)))).as("join with another key").isNull();
        assertThat(drops(SealDrop.UNKNOWN_KEY)).isPositive();

        // A member's sealed ping, caught by a raw endpoint and sent on twice: the second copy is a replay.
        List<byte[]> caught = new ArrayList<>();
        Endpoint raw = driver.await(sim.bind(null, (sender, payload, at) -> caught.add(payload)), Duration.ofSeconds(1));
        members.get(1).ping(raw.localAddress());
        sim.runFor(Duration.ofMillis(200));
        assertThat(caught).isNotEmpty();
        long replaysBefore = drops(SealDrop.REPLAY);
        raw.scheduler().execute(() -> {
            raw.send(member, caught.get(0));
            raw.send(member, caught.get(0));
        });
        sim.runFor(Duration.ofMillis(200));
        assertThat(drops(SealDrop.REPLAY)).isEqualTo(replaysBefore + 1);
        byte[] altered = caught.get(0).clone();
        altered[2] ^= 1;
        long badBefore = drops(SealDrop.BAD_TAG);
        raw.scheduler().execute(() -> raw.send(member, altered));
        sim.runFor(Duration.ofMillis(200));
        assertThat(drops(SealDrop.BAD_TAG)).isEqualTo(badBefore + 1);

        LookupResult lookup = await(members.get(2).lookup(members.get(20).id()));
        assertThat(lookup.foundTarget()).as("members still work together").isTrue();
        assertThat(await(members.get(3).putImmutable(BString.utf8("private")))).isNotNull();
    }

    @Test
    void theKeyIsRotatedNodeByNodeWhileLookupsGoOnAndNoneFails() {
        List<DhtNode> members = privateNetwork(30);
        NetworkKeyring acceptBoth = new NetworkKeyring(key(1), List.of(key(9)));
        NetworkKeyring newPrimary = new NetworkKeyring(key(9), List.of(key(1)));
        NetworkKeyring newOnly = new NetworkKeyring(key(9), List.of());
        int lookups = 0;
        int found = 0;
        for (NetworkKeyring step : List.of(acceptBoth, newPrimary, newOnly)) {
            for (int i = 0; i < transports.size(); i++) {
                transports.get(i).useKeyring(step); // one node after the other, as a rolling restart does
                DhtNode from = members.get((i * 7) % members.size());
                DhtNode target = members.get((i * 11 + 3) % members.size());
                if (from != target) {
                    lookups++;
                    LookupResult r = await(from.lookup(target.id()));
                    found += r != null && r.foundTarget() ? 1 : 0;
                }
                sim.runFor(Duration.ofSeconds(2));
            }
        }
        assertThat(found).as("lookups found during the rotation").isEqualTo(lookups);
        assertThat(drops(SealDrop.UNKNOWN_KEY)).as("no node ever met a key it did not accept").isZero();
    }
}
