package io.cqkd.dht.storage;

import static io.cqkd.dht.storage.WriteTokensTest.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.wire.NodeId;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** BEP 5 peer storage of {@link PeerStore}: order, bounds and time-to-live, with explicit times. */
class PeerStoreTest {
    private static final long TTL = 1_000;
    private static final long T0 = 50_000;

    private final SplittableRandom random = new SplittableRandom(3);
    private final NodeId infoHash = NodeId.random(random);
    private final NodeId otherHash = NodeId.random(random);

    private static InetSocketAddress peer(int n) {
        return address(127, 1, n >>> 8, n & 0xFF, 6000 + n);
    }

    @Test
    void announcedPeersAreReturnedMostRecentFirst() {
        PeerStore store = new PeerStore(10, 10, TTL);
        assertThat(store.peers(infoHash, 50, T0)).isEmpty();
        assertThat(store.announce(infoHash, peer(1), T0)).isTrue();
        assertThat(store.announce(infoHash, peer(2), T0 + 1)).isTrue();
        assertThat(store.announce(infoHash, peer(3), T0 + 2)).isTrue();
        assertThat(store.announce(otherHash, peer(9), T0 + 3)).isTrue();

        assertThat(store.peers(infoHash, 50, T0 + 4)).containsExactly(peer(3), peer(2), peer(1));
        assertThat(store.peers(infoHash, 2, T0 + 4)).containsExactly(peer(3), peer(2));
        assertThat(store.peers(otherHash, 50, T0 + 4)).containsExactly(peer(9));
        assertThat(store.peers(NodeId.random(random), 50, T0 + 4)).isEmpty();
        assertThat(store.infoHashCount()).isEqualTo(2);
    }

    @Test
    void aRepeatedAnnounceIsStoredOnceAndMovesToTheFront() {
        PeerStore store = new PeerStore(10, 10, TTL);
        store.announce(infoHash, peer(1), T0);
        store.announce(infoHash, peer(2), T0 + 1);
        store.announce(infoHash, peer(1), T0 + 2);
        assertThat(store.peers(infoHash, 50, T0 + 3)).containsExactly(peer(1), peer(2));
    }

    @Test
    void theBoundPerInfoHashEvictsTheOldestAnnounce() {
        PeerStore store = new PeerStore(10, 3, TTL);
        for (int i = 1; i <= 3; i++) {
            store.announce(infoHash, peer(i), T0 + i);
        }
        assertThat(store.announce(infoHash, peer(4), T0 + 4)).isTrue();
        assertThat(store.peers(infoHash, 50, T0 + 5)).containsExactly(peer(4), peer(3), peer(2));

        // A re-announce makes peer 2 the newest: peer 3 is now the oldest and goes next.
        store.announce(infoHash, peer(2), T0 + 6);
        store.announce(infoHash, peer(5), T0 + 7);
        assertThat(store.peers(infoHash, 50, T0 + 8)).containsExactly(peer(5), peer(2), peer(4));
        assertThat(store.peers(otherHash, 50, T0 + 8)).isEmpty();
    }

    @Test
    void peersExpireAfterTheirTimeToLive() {
        PeerStore store = new PeerStore(10, 10, TTL);
        store.announce(infoHash, peer(1), T0);
        store.announce(infoHash, peer(2), T0 + 100);
        assertThat(store.peers(infoHash, 50, T0 + TTL)).containsExactly(peer(2), peer(1));
        assertThat(store.peers(infoHash, 50, T0 + TTL + 1)).containsExactly(peer(2));
        assertThat(store.peers(infoHash, 50, T0 + 100 + TTL + 1)).isEmpty();
        assertThat(store.infoHashCount()).as("an info-hash without live peers is forgotten").isZero();
    }

    @Test
    void aReAnnounceRestartsTheTimeToLive() {
        PeerStore store = new PeerStore(10, 10, TTL);
        store.announce(infoHash, peer(1), T0);
        store.announce(infoHash, peer(1), T0 + 900);
        assertThat(store.peers(infoHash, 50, T0 + 900 + TTL)).containsExactly(peer(1));
        assertThat(store.peers(infoHash, 50, T0 + 900 + TTL + 1)).isEmpty();
    }

    @Test
    void expireDropsDeadPeersAndEmptyInfoHashes() {
        PeerStore store = new PeerStore(10, 10, TTL);
        store.announce(infoHash, peer(1), T0);
        store.announce(otherHash, peer(2), T0 + 500);
        store.expire(T0 + TTL + 1);
        assertThat(store.infoHashCount()).isEqualTo(1);
        assertThat(store.peers(otherHash, 50, T0 + TTL + 1)).containsExactly(peer(2));
    }

    @Test
    void theInfoHashBoundRefusesNewInfoHashesButNotNewPeersOfKnownOnes() {
        PeerStore store = new PeerStore(2, 10, TTL);
        NodeId third = NodeId.random(random);
        assertThat(store.announce(infoHash, peer(1), T0)).isTrue();
        assertThat(store.announce(otherHash, peer(2), T0 + 500)).isTrue();
        assertThat(store.announce(third, peer(3), T0 + 600)).isFalse();
        assertThat(store.peers(third, 50, T0 + 600)).isEmpty();
        assertThat(store.infoHashCount()).isEqualTo(2);

        assertThat(store.announce(infoHash, peer(4), T0 + 700)).as("a known info-hash").isTrue();
        assertThat(store.peers(infoHash, 50, T0 + 700)).containsExactly(peer(4), peer(1));

        // Once otherHash's only peer has expired there is room again.
        assertThat(store.announce(third, peer(3), T0 + 500 + TTL)).isFalse();
        assertThat(store.announce(third, peer(3), T0 + 500 + TTL + 1)).isTrue();
        assertThat(store.peers(third, 50, T0 + 500 + TTL + 1)).containsExactly(peer(3));
        assertThat(store.peers(otherHash, 50, T0 + 500 + TTL + 1)).isEmpty();
        assertThat(store.infoHashCount()).isEqualTo(2);
    }

    @Test
    void aStoreOfNoInfoHashesRefusesEveryAnnounce() {
        PeerStore store = new PeerStore(0, 10, TTL);
        assertThat(store.announce(infoHash, peer(1), T0)).isFalse();
        assertThat(store.peers(infoHash, 50, T0)).isEqualTo(List.of());
    }
}
