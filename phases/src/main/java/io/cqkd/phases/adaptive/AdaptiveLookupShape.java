package io.cqkd.phases.adaptive;

import io.cqkd.dht.lookup.LookupPurpose;
import io.cqkd.dht.lookup.LookupShape;
import io.cqkd.settings.KademliaTable;
import io.cqkd.wire.NodeId;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Alpha from the network's size and the node's load: clamp(ceil(log2 N), 3, 10) calls in flight —
 * a lookup takes about log2 N / 2 rounds, so a larger network gains more from parallel calls — times
 * (1 − load), the share of the node's call bound still free, so that a busy node does not crowd its
 * own calls out (at least 1). The width (k) comes from the plan's table for the estimated size. A
 * stalled node is not waited for (but for the target itself): the next closest takes its place, so
 * a dead or slow node costs a lookup one stall, and its late answer still counts; but at most
 * {@link #AWAITING_PER_ALPHA} × alpha of its calls await an answer at once, so that a lookup through
 * a killed process's dead nodes does not fill the node's call bound with them.
 * Bucket refreshes keep their narrow, one-at-a-time shape: background work stays background. Before
 * the first estimate, the fallback's shape holds.
 */
final class AdaptiveLookupShape implements LookupShape {
    static final int MIN_ALPHA = 3;
    static final int MAX_ALPHA = 10;
    /**
     * Calls awaiting an answer per alpha, stalled ones included: alpha active and as many again
     * stalled. More: a lookup gets past more dead nodes before waiting on their timeouts; fewer:
     * less of the node's call bound held by dead nodes when many lookups run at once.
     */
    static final int AWAITING_PER_ALPHA = 2;

    private final LongSupplier size;
    private final DoubleSupplier load;
    private final KademliaTable table;
    private final Shape fallback;
    private final int refreshWidth;

    AdaptiveLookupShape(LongSupplier size, DoubleSupplier load, KademliaTable table, Shape fallback, int refreshWidth) {
        this.size = size;
        this.load = load;
        this.table = table;
        this.fallback = fallback;
        this.refreshWidth = refreshWidth;
    }

    @Override
    public Shape shape(NodeId target, LookupPurpose purpose) {
        if (purpose == LookupPurpose.REFRESH) {
            return new Shape(refreshWidth, 1);
        }
        long n = size.getAsLong();
        if (n <= 0) {
            return fallback;
        }
        int alpha = alphaFor(n, load.getAsDouble());
        return new Shape(table.rowFor(n).k(), alpha, false, AWAITING_PER_ALPHA * alpha);
    }

    /** clamp(ceil(log2 n), 3, 10) × (1 − load), at least 1. */
    static int alphaFor(long n, double load) {
        int bySize = (int) Math.ceil(Math.log(Math.max(2, n)) / Math.log(2));
        int clamped = Math.max(MIN_ALPHA, Math.min(MAX_ALPHA, bySize));
        double free = 1 - Math.max(0, Math.min(1, load));
        return Math.max(1, (int) Math.round(clamped * free));
    }
}
