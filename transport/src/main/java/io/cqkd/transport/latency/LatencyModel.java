package io.cqkd.transport.latency;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * One-way delay of a datagram, simulated ({@link io.cqkd.transport.sim.SimNetwork}) or injected in
 * front of real sockets ({@link DelayedTransport}). Each link (pair of addresses) has its own base latency,
 * derived from the pair and a seed rather than stored, so a 100,000-node network costs no memory
 * for it; a per-packet jitter on top reorders packets the way real networks do.
 */
@FunctionalInterface
public interface LatencyModel {
    long delayNanos(InetSocketAddress from, InetSocketAddress to, RandomGenerator random);

    /**
     * The delay of this datagram: by default that of its link; a model of slow answerers looks at
     * whether it is an answer.
     */
    default long delayNanos(InetSocketAddress from, InetSocketAddress to, byte[] payload, RandomGenerator random) {
        return delayNanos(from, to, random);
    }

    static LatencyModel fixed(Duration delay) {
        long nanos = delay.toNanos();
        return (from, to, random) -> nanos;
    }

    /**
     * Base latency per link uniform in [min, max], the same in both directions and stable for the
     * run, plus up to {@code jitterFraction} of it per packet.
     */
    static LatencyModel uniformPerLink(Duration min, Duration max, double jitterFraction, long seed) {
        long minNanos = min.toNanos();
        long spread = max.toNanos() - minNanos;
        if (spread < 0 || jitterFraction < 0) {
            throw new IllegalArgumentException("need min <= max and jitterFraction >= 0");
        }
        return (from, to, random) -> {
            long base = minNanos + (long) (Hashes.unit(Hashes.link(from, to, seed)) * spread);
            long jitter = jitterFraction == 0 ? 0 : (long) (random.nextDouble() * jitterFraction * base);
            return base + jitter;
        };
    }

    /** A LAN-like default: 1 to 20 ms per link, 10 % jitter. */
    static LatencyModel lan(long seed) {
        return uniformPerLink(Duration.ofMillis(1), Duration.ofMillis(20), 0.1, seed);
    }
}
