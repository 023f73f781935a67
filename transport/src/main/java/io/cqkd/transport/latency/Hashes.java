package io.cqkd.transport.latency;

import java.net.InetSocketAddress;

/** Stable pseudo-random numbers from addresses and a seed: what latency models draw per link or per node. */
final class Hashes {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Hashes() {}

    /** A well-mixed 64-bit hash of {@code value} and {@code seed}. */
    static long mix(long value, long seed) {
        return finish(value * GOLDEN ^ seed);
    }

    /** The same hash for a-b as for b-a. */
    static long link(InetSocketAddress a, InetSocketAddress b, long seed) {
        long ha = a.hashCode();
        long hb = b.hashCode();
        return finish((Math.min(ha, hb) * GOLDEN) ^ Math.max(ha, hb) ^ seed);
    }

    /** A hash as a number in [0, 1). */
    static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }

    /** The SplitMix64 finaliser: every input bit moves every output bit. */
    private static long finish(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        return x ^ (x >>> 33);
    }
}
