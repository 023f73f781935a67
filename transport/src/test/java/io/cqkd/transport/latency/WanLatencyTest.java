package io.cqkd.transport.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WanLatencyTest {
    private static List<InetSocketAddress> addresses(int n) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new InetSocketAddress("127.0." + (i / 250) + "." + (i % 250 + 1), 6881));
        }
        return out;
    }

    @Test
    void addressesSpreadOverThreeRegionsAndTheSlowFractionIsSlow() {
        WanLatency wan = WanLatency.preset(1, 0.05);
        int[] perRegion = new int[3];
        int slow = 0;
        for (InetSocketAddress a : addresses(10_000)) {
            perRegion[wan.regionOf(a)]++;
            slow += wan.isSlow(a) ? 1 : 0;
        }
        assertThat(Arrays.stream(perRegion).boxed().toList()).allMatch(n -> n > 3_000 && n < 3_700);
        assertThat(slow).isBetween(400, 600);
        assertThat(wan.regionOf(addresses(1).get(0))).as("stable").isEqualTo(wan.regionOf(addresses(1).get(0)));
    }

    @Test
    void delaysFollowTheRegionsAndSlowAnswerersAreHalfASecondToThreeSecondsLateWithATail() {
        WanLatency wan = WanLatency.preset(2, 0.05);
        SplittableRandom random = new SplittableRandom(3);
        List<InetSocketAddress> all = addresses(2_000);
        InetSocketAddress[] byRegion = new InetSocketAddress[3];
        InetSocketAddress slow = null;
        for (InetSocketAddress a : all) {
            if (wan.isSlow(a)) {
                slow = slow == null ? a : slow;
            } else if (byRegion[wan.regionOf(a)] == null) {
                byRegion[wan.regionOf(a)] = a;
            }
        }
        // 0-2 is 90 ms apart: one way 45 ms, the median of the log-normal jitter at 1.
        long[] samples = new long[2_001];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = wan.delayNanos(byRegion[0], byRegion[2], random);
        }
        Arrays.sort(samples);
        assertThat(samples[1_000]).isBetween(Duration.ofMillis(42).toNanos(), Duration.ofMillis(48).toNanos());
        assertThat(samples[1_980]).as("p99 about twice the median: a heavy tail")
                .isBetween(Duration.ofMillis(80).toNanos(), Duration.ofMillis(110).toNanos());
        InetSocketAddress from = slow;
        byte[] answer = "d1:rd2:id20:aaaaaaaaaaaaaaaaaaaae1:t2:aa1:y1:re".getBytes();
        byte[] query = "d1:ad2:id20:aaaaaaaaaaaaaaaaaaaae1:q4:ping1:t2:aa1:y1:qe".getBytes();
        long[] slowSamples = new long[1_000];
        for (int i = 0; i < slowSamples.length; i++) {
            slowSamples[i] = wan.delayNanos(from, byRegion[wan.regionOf(from)], answer, random);
        }
        Arrays.sort(slowSamples);
        assertThat(slowSamples[500]).as("median lateness about 1.75 s").isBetween(Duration.ofMillis(1_500).toNanos(),
                Duration.ofMillis(2_000).toNanos());
        assertThat(slowSamples[10]).isGreaterThan(Duration.ofMillis(250).toNanos());
        assertThat(slowSamples[999]).as("a heavy tail past 3 s").isGreaterThan(Duration.ofMillis(3_500).toNanos());
        assertThat(wan.delayNanos(from, byRegion[wan.regionOf(from)], query, random))
                .as("a slow answerer's own queries leave on time").isLessThan(Duration.ofMillis(20).toNanos());
        assertThat(wan.delayNanos(byRegion[wan.regionOf(from)], from, answer, random))
                .as("only what a slow node sends waits").isLessThan(Duration.ofMillis(20).toNanos());
    }
}
