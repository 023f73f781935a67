package io.cqkd.dht.async;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@link TokenBucket} per source (mldht's throttle per source): each source gets
 * {@code ratePerSecond} with a burst of {@code burst}, so that a flooder is refused while others are
 * still served. Bounded: past {@code sources}, the least recently heard source is forgotten (and
 * starts again with a full bucket). The map is built at the first request: most nodes hear from
 * few sources. Not thread-safe: confined to its owner's loop.
 */
public final class PerSourceBuckets {
    private final double ratePerSecond;
    private final double burst;
    private final int sources;
    private Map<String, TokenBucket> buckets;

    public PerSourceBuckets(double ratePerSecond, double burst, int sources) {
        TokenBucket.requireValid(ratePerSecond, burst);
        if (sources < 1) {
            throw new IllegalArgumentException("sources tracked must be at least 1, got " + sources);
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.sources = sources;
    }

    /** Takes a token of {@code source}'s bucket at {@code nowNanos}, if it has one. */
    public boolean tryTake(String source, long nowNanos) {
        if (buckets == null) {
            buckets = new LinkedHashMap<>(16, 0.75f, true);
        }
        TokenBucket bucket = buckets.get(source);
        if (bucket == null) {
            bucket = new TokenBucket(ratePerSecond, burst, nowNanos);
            buckets.put(source, bucket);
            if (buckets.size() > sources) {
                buckets.remove(buckets.keySet().iterator().next());
            }
        }
        return bucket.tryTake(nowNanos);
    }

    /**
     * Who a datagram came from, for limits: its address, with the port on a loopback address (where
     * every process of a test or demo shares 127.0.0.1, and one host's roles must not share a limit).
     */
    public static String sourceOf(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return address.getAddress().isLoopbackAddress() ? host + ":" + address.getPort() : host;
    }
}
