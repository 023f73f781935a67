package io.cqkd.dht;

import io.cqkd.dht.async.PerSourceBuckets;
import java.net.InetSocketAddress;

/**
 * Per-source token buckets on the queries a node serves (mldht's throttle per source): one source
 * gets {@code ratePerSecond} queries a second with a burst of twice that; past it, its queries are
 * dropped unanswered (the caller counts them), so a flooder costs the node little and others are
 * still served; {@link #SOURCES} sources tracked ({@link PerSourceBuckets}). Confined to the
 * node's loop.
 */
final class SourceLimits {
    /** Sources tracked per node: ~100 bytes each, 13 KB a node at most. */
    static final int SOURCES = 128;

    /** Null for no limit. */
    private final PerSourceBuckets buckets;

    /** @param ratePerSecond queries a second per source (a burst of twice that); 0 for no limit */
    SourceLimits(double ratePerSecond) {
        this.buckets = ratePerSecond > 0 ? new PerSourceBuckets(ratePerSecond, 2 * ratePerSecond, SOURCES) : null;
    }

    /** Whether a query from {@code sender} at {@code nowNanos} may be served (takes a token). */
    boolean allow(InetSocketAddress sender, long nowNanos) {
        return buckets == null || buckets.tryTake(PerSourceBuckets.sourceOf(sender), nowNanos);
    }
}
