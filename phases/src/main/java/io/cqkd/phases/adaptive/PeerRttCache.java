package io.cqkd.phases.adaptive;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The round trips of the peers a node talked to lately, the least recently used forgotten past
 * {@link #CAPACITY}. Confined to the node's loop.
 */
final class PeerRttCache {
    /**
     * Peers remembered. A worker talks to a few dozen peers; Alice to every worker of a key (2,400
     * for 128 bits, plus the spares she offers to) — she keeps the most recent 4,096, about 320 KiB:
     * with 1,024, a 1,500-worker network's nodes fell out between her runs, and a dead one was
     * given a stranger's timeout instead of its own. Entries are made only for peers that answered,
     * so a stranger cannot grow the cache by sending queries; a worker's stays small.
     */
    static final int CAPACITY = 4_096;

    private final Map<InetSocketAddress, PeerRtt> peers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, PeerRtt> eldest) {
            return size() > CAPACITY;
        }
    };

    /** The peer's round trips, or null when it has never answered (or was forgotten). */
    PeerRtt get(InetSocketAddress peer) {
        return peers.get(peer);
    }

    void add(InetSocketAddress peer, long rttNanos) {
        PeerRtt known = peers.get(peer);
        if (known == null) {
            peers.put(peer, new PeerRtt(rttNanos));
        } else {
            known.add(rttNanos);
        }
    }

    int size() {
        return peers.size();
    }
}
