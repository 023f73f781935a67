package io.cqkd.dht.storage;

import io.cqkd.wire.NodeId;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Peers announced per info-hash (BEP 5), each kept for a time-to-live after its last announce.
 * Bounded twice: info-hashes held, and peers per info-hash (the oldest announce makes room).
 */
public final class PeerStore {
    private final int maxInfoHashes;
    private final int maxPeersPerInfoHash;
    private final long ttlNanos;
    // Per info-hash, peers in order of their last announce (access order keeps it cheap to evict).
    private final Map<NodeId, LinkedHashMap<InetSocketAddress, Long>> peers = new HashMap<>();

    public PeerStore(int maxInfoHashes, int maxPeersPerInfoHash, long ttlNanos) {
        this.maxInfoHashes = maxInfoHashes;
        this.maxPeersPerInfoHash = maxPeersPerInfoHash;
        this.ttlNanos = ttlNanos;
    }

    /** Returns false when the store is full of other info-hashes (counted by the caller). */
    public boolean announce(NodeId infoHash, InetSocketAddress peer, long nowNanos) {
        LinkedHashMap<InetSocketAddress, Long> set = peers.get(infoHash);
        if (set == null) {
            if (peers.size() >= maxInfoHashes) {
                expire(nowNanos);
                if (peers.size() >= maxInfoHashes) {
                    return false;
                }
            }
            set = new LinkedHashMap<>(16, 0.75f, false);
            peers.put(infoHash, set);
        }
        set.remove(peer); // re-insert at the end: most recent announce last
        set.put(peer, nowNanos);
        while (set.size() > maxPeersPerInfoHash) {
            Iterator<InetSocketAddress> oldest = set.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    /** Live peers of {@code infoHash}, most recently announced first, at most {@code limit}. */
    public List<InetSocketAddress> peers(NodeId infoHash, int limit, long nowNanos) {
        LinkedHashMap<InetSocketAddress, Long> set = peers.get(infoHash);
        if (set == null) {
            return List.of();
        }
        set.values().removeIf(announcedAt -> nowNanos - announcedAt > ttlNanos);
        if (set.isEmpty()) {
            peers.remove(infoHash);
            return List.of();
        }
        List<InetSocketAddress> out = new ArrayList<>(set.keySet());
        java.util.Collections.reverse(out);
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    public int infoHashCount() {
        return peers.size();
    }

    public void expire(long nowNanos) {
        peers.values().forEach(set -> set.values().removeIf(at -> nowNanos - at > ttlNanos));
        peers.values().removeIf(Map::isEmpty);
    }
}
