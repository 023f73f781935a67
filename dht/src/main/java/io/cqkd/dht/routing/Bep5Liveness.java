package io.cqkd.dht.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * BEP 5's rule: an entry is good while it answered (or, having answered once, queried us) within
 * {@code questionableAfterNanos}; questionable after that; bad after {@code maxFailures} failed calls
 * in a row, whoever made them: every failure counts. Each maintenance round pings a bounded number
 * of questionable entries and a few bad ones. The behaviour before phase 4, and its fallback.
 *
 * @param questionableAfterNanos silence after which a good entry needs a ping (BEP 5: 15 minutes)
 * @param maxFailures failures in a row that make an entry bad (BEP 5: "multiple"; 2 tolerates one lost
 *     datagram, at the cost of keeping a dead node for two failed calls)
 */
public record Bep5Liveness(long questionableAfterNanos, int maxFailures) implements PeerLiveness {
    /**
     * Questionable entries pinged per maintenance round. With the default 60 s round, 8 pings a
     * minute bound a node's background traffic whatever its table's size, and still check a full
     * table of 160 questionable entries within 20 minutes.
     */
    public static final int QUESTIONABLE_PINGS_PER_ROUND = 8;
    /**
     * Bad entries pinged per round. A bad entry stays in its bucket until a replacement comes; after
     * a partition heals it may be alive again, and one ping it answers makes it good, which is
     * cheaper than finding a new node. Fewer than the questionable ones: most bad entries are dead.
     */
    public static final int BAD_PINGS_PER_ROUND = 4;

    @Override
    public NodeState stateOf(RoutingEntry entry, long nowNanos) {
        if (entry.consecutiveFailures() >= maxFailures) {
            return NodeState.BAD;
        }
        return nowNanos - entry.lastActivityNanos() <= questionableAfterNanos ? NodeState.GOOD : NodeState.QUESTIONABLE;
    }

    @Override
    public FailureVerdict onFailure(RoutingEntry entry, long nowNanos) {
        return FailureVerdict.COUNT;
    }

    @Override
    public List<RoutingEntry> toProbe(TableView table, long nowNanos) {
        List<RoutingEntry> out = new ArrayList<>(QUESTIONABLE_PINGS_PER_ROUND + BAD_PINGS_PER_ROUND);
        List<RoutingEntry> questionable = table.entriesIn(NodeState.QUESTIONABLE, nowNanos);
        out.addAll(questionable.subList(0, Math.min(QUESTIONABLE_PINGS_PER_ROUND, questionable.size())));
        List<RoutingEntry> bad = table.entriesIn(NodeState.BAD, nowNanos);
        out.addAll(bad.subList(0, Math.min(BAD_PINGS_PER_ROUND, bad.size())));
        return out;
    }
}
