package io.cqkd.phases.refresh;

import io.cqkd.wire.krpc.Contact;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Peers that left the node's table lately, to be asked again now and then. Under churn they are
 * dead and the asking is a small, bounded waste; after a partition heals, they are the other side,
 * and the first to answer is back in the table and bridges the two halves — which otherwise each
 * forget the other for good once their refreshes have evicted it. Bounded: the last
 * {@link #MEMORY} leavers, each asked every {@link #EVERY} for {@link #FOR}. Confined to the node's
 * loop.
 */
final class LostPeers {
    static final int MEMORY = 32;
    /** A leaver is asked again this often: a partition lasts minutes, a heal is noticed within this. */
    static final Duration EVERY = Duration.ofMinutes(2);
    /** ... for this long after it left: the partitions worth bridging are shorter. */
    static final Duration FOR = Duration.ofMinutes(30);

    private static final class Lost {
        final Contact peer;
        final long lostNanos;
        long nextNanos;

        Lost(Contact peer, long lostNanos) {
            this.peer = peer;
            this.lostNanos = lostNanos;
            this.nextNanos = lostNanos + EVERY.toNanos();
        }
    }

    private final ArrayDeque<Lost> lost = new ArrayDeque<>();

    void left(Contact peer, long nowNanos) {
        lost.removeIf(l -> l.peer.id().equals(peer.id()));
        lost.addLast(new Lost(peer, nowNanos));
        while (lost.size() > MEMORY) {
            lost.removeFirst();
        }
    }

    /** {@code peer} answered: it is back, nothing more to ask. */
    void answered(Contact peer) {
        lost.removeIf(l -> l.peer.id().equals(peer.id()));
    }

    /** The next leaver due to be asked, its next asking scheduled; null when none is due. Forgets the expired. */
    Contact due(long nowNanos) {
        Iterator<Lost> it = lost.iterator();
        while (it.hasNext()) {
            Lost l = it.next();
            if (nowNanos - l.lostNanos > FOR.toNanos()) {
                it.remove();
            } else if (nowNanos >= l.nextNanos) {
                l.nextNanos = nowNanos + EVERY.toNanos();
                return l.peer;
            }
        }
        return null;
    }

    int size() {
        return lost.size();
    }
}
