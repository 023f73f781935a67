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
     * for 128 bits) — she keeps the most recent 1,024, about 80 KiB. Entries are made only for peers
     * that answered, so a stranger cannot grow the cache by sending queries.
     */
    static final int CAPACITY = 1_024;

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
