package io.cqkd.transport.latency;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * A wide-area network: every address lives in one of three regions; a datagram takes half the round
 * trip of its pair of regions, times a log-normal per-packet jitter (a heavy tail: a few packets
 * take twice as long or more); and a fraction of the nodes are slow answerers — busy hosts whose
 * answers (KRPC responses and errors) leave 0.5 to 3 s late (times the same jitter), while their own
 * queries leave on time.
 * Region and slowness follow from the address and the seed, so they cost no memory and stay the same
 * for the whole run.
 *
 * <p>The preset's round trips between regions (20, 90 and 160 ms) are of the order public clouds
 * publish between nearby regions, across a continent, and across an ocean; within a region a link
 * takes 1 to 5 ms.
 *
 * @param interRegionRtt round trip between regions 0-1, 0-2 and 1-2
 * @param intraRegionRttMin shortest round trip inside a region (each link gets one in [min, max])
 * @param intraRegionRttMax longest round trip inside a region
 * @param jitterSigma sigma of the log-normal jitter factor exp(sigma Z): 0.3 puts the 99th
 *     percentile at about twice the median
 * @param slowFraction share of the addresses that are slow
 * @param slowMin shortest extra delay of a slow node's datagram
 * @param slowMax longest extra delay of a slow node's datagram
 * @param seed what regions and slowness are drawn from
 */
public record WanLatency(Duration[] interRegionRtt, Duration intraRegionRttMin, Duration intraRegionRttMax,
                         double jitterSigma, double slowFraction, Duration slowMin, Duration slowMax, long seed)
        implements LatencyModel {
    public static final int REGIONS = 3;

    public WanLatency {
        if (interRegionRtt.length != 3 || !(slowFraction >= 0 && slowFraction < 1) || jitterSigma < 0
                || slowMax.compareTo(slowMin) < 0 || intraRegionRttMax.compareTo(intraRegionRttMin) < 0) {
            throw new IllegalArgumentException("need 3 inter-region round trips, 0 <= slowFraction < 1, sigma >= 0"
                    + " and min <= max");
        }
    }

    /** Three regions 20 / 90 / 160 ms apart, 1-5 ms inside one, sigma 0.3, slow nodes delayed 0.5-3 s. */
    public static WanLatency preset(long seed, double slowFraction) {
        return new WanLatency(new Duration[] {Duration.ofMillis(20), Duration.ofMillis(90), Duration.ofMillis(160)},
                Duration.ofMillis(1), Duration.ofMillis(5), 0.3, slowFraction, Duration.ofMillis(500),
                Duration.ofSeconds(3), seed);
    }

    /** The region of {@code address}, in [0, 3). */
    public int regionOf(InetSocketAddress address) {
        return (int) Long.remainderUnsigned(Hashes.mix(address.hashCode(), 0x5EED_0001L ^ seed), REGIONS);
    }

    /** Whether {@code address} is one of the slow answerers. */
    public boolean isSlow(InetSocketAddress address) {
        return Hashes.unit(Hashes.mix(address.hashCode(), 0x5EED_0002L ^ seed)) < slowFraction;
    }

    @Override
    public long delayNanos(InetSocketAddress from, InetSocketAddress to, byte[] payload, RandomGenerator random) {
        if (slowFraction == 0 || !isSlow(from) || !isAnswer(payload)) {
            return delayNanos(from, to, random);
        }
        // A busy host's lateness varies as its load does: the jitter multiplies it too (a few answers
        // take twice the 3 s or more).
        long min = slowMin.toNanos();
        double late = min + random.nextDouble() * (slowMax.toNanos() - min);
        return (long) ((baseRttNanos(from, to) / 2.0 + late) * Math.exp(jitterSigma * random.nextGaussian()));
    }

    /** A KRPC answer carries "y" = "r" (response) or "e" (error); a query "q". */
    static boolean isAnswer(byte[] payload) {
        for (int i = 0; i + 5 < payload.length; i++) {
            if (payload[i] == '1' && payload[i + 1] == ':' && payload[i + 2] == 'y' && payload[i + 3] == '1'
                    && payload[i + 4] == ':') {
                return payload[i + 5] == 'r' || payload[i + 5] == 'e';
            }
        }
        return false;
    }

    /** The delay of the link alone, without a slow answerer's lateness. */
    @Override
    public long delayNanos(InetSocketAddress from, InetSocketAddress to, RandomGenerator random) {
        return (long) (baseRttNanos(from, to) / 2.0 * Math.exp(jitterSigma * random.nextGaussian()));
    }

    /** The round trip of the link before jitter: by the pair of regions, or per link inside one. */
    private long baseRttNanos(InetSocketAddress from, InetSocketAddress to) {
        int a = regionOf(from);
        int b = regionOf(to);
        if (a == b) {
            long min = intraRegionRttMin.toNanos();
            long spread = intraRegionRttMax.toNanos() - min;
            return min + (long) (Hashes.unit(Hashes.link(from, to, seed)) * spread);
        }
        return interRegionRtt[a + b - 1].toNanos(); // pairs 0-1, 0-2, 1-2 sum to 1, 2, 3
    }
}
