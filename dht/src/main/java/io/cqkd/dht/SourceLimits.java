package io.cqkd.dht;

import io.cqkd.dht.async.TokenBucket;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-source token buckets on the queries a node serves (mldht's throttle per source): one source
 * gets {@code ratePerSecond} queries a second with a burst of twice that; past it, its queries are
 * dropped unanswered (the caller counts them), so a flooder costs the node little and others are
 * still served. Bounded: the least recently heard of {@link #SOURCES} sources is forgotten (and
 * starts again with a full bucket). Built at the first query: most nodes hear from few sources.
 * Confined to the node's loop.
 */
final class SourceLimits {
    /** Sources tracked per node: ~100 bytes each, 13 KB a node at most. */
    static final int SOURCES = 128;

    private final double ratePerSecond;
    private Map<String, TokenBucket> buckets;

    /** @param ratePerSecond queries a second per source; 0 for no limit */
    SourceLimits(double ratePerSecond) {
        this.ratePerSecond = ratePerSecond;
    }

    /** Whether a query from {@code sender} at {@code nowNanos} may be served (takes a token). */
    boolean allow(InetSocketAddress sender, long nowNanos) {
        if (ratePerSecond <= 0) {
            return true;
        }
        if (buckets == null) {
            buckets = new LinkedHashMap<>(16, 0.75f, true);
        }
        String source = sender.getAddress().isLoopbackAddress() ? sender.toString() : sender.getAddress().getHostAddress();
        TokenBucket bucket = buckets.get(source);
        if (bucket == null) {
            bucket = new TokenBucket(ratePerSecond, 2 * ratePerSecond, nowNanos);
            buckets.put(source, bucket);
            if (buckets.size() > SOURCES) {
                buckets.remove(buckets.keySet().iterator().next());
            }
        }
        return bucket.tryTake(nowNanos);
    }
}
