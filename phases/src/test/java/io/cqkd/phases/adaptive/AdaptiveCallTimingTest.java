package io.cqkd.phases.adaptive;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the adaptive timing gives strangers, known peers and slow outliers, and how local health stretches it. */
class AdaptiveCallTimingTest {
    private static final Duration FALLBACK_STALL = Duration.ofSeconds(1);
    private static final Duration MIN = Duration.ofMillis(250);
    private static final Duration MAX = Duration.ofSeconds(10);
    private final LocalHealth health = new LocalHealth();
    private final AdaptiveCallTiming timing = new AdaptiveCallTiming(FALLBACK_STALL, MIN, MAX, health);

    private static InetSocketAddress peer(int n) {
        return new InetSocketAddress("10.0.0." + n, 6881);
    }

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }

    @Test
    void beforeAnyAnswerAStrangerGetsTheFallbackStallAndTheLongestTimeout() {
        assertThat(timing.stallTimeout(peer(1), "find_node")).isEqualTo(FALLBACK_STALL);
        assertThat(timing.timeout(peer(1), "find_node")).isEqualTo(MAX);
    }

    @Test
    void aStrangersStallFollowsTheNodesRecentRoundTrips() {
        for (int i = 0; i < 200; i++) {
            timing.answered(peer(100 + i), "find_node", ms(40 + i % 50)); // 40-89 ms
        }
        // p10 about 45 ms + 50 ms margin, p90 about 85 ms: the margin wins; within the 20 % of a bin.
        long stall = timing.stallTimeout(peer(1), "find_node").toNanos();
        assertThat(stall).isBetween(ms(90), ms(120));
        assertThat(timing.timeout(peer(1), "find_node")).as("200 answers: the tail unknown yet").isEqualTo(MAX);
    }

    @Test
    void aStrangersTimeoutIsTwiceTheNodesP999OnceItKnowsTheTailSoSlowNodesAreWaitedForAndDeadOnesCostLittle() {
        for (int i = 0; i < RttHistogram.MEMORY - 10; i++) {
            timing.answered(peer(100 + i % 100), "find_node", ms(50));
        }
        assertThat(timing.timeout(peer(1), "find_node")).as("fewer answers than the memory: tail unknown").isEqualTo(MAX);
        for (int i = 0; i < 10; i++) {
            timing.answered(peer(50 + i), "find_node", ms(2_000)); // one answer in fifty from a slow node
        }
        // p99.9 is the slow answers' bin (2 s, within 20 %): twice that, not the 10 s maximum.
        assertThat(timing.timeout(peer(1), "find_node").toNanos()).isBetween(ms(4_000), ms(4_800));
        for (int i = 0; i < 4 * RttHistogram.MEMORY; i++) {
            timing.answered(peer(100 + i % 100), "find_node", ms(5)); // a fast network, the slow node forgotten
        }
        assertThat(timing.timeout(peer(1), "find_node")).as("a dead stranger costs the minimum").isEqualTo(MIN);
    }

    @Test
    void aKnownPeerGetsItsOwnRtoAsStallAndTwiceItAsTimeoutBoundedBelow() {
        for (int i = 0; i < 50; i++) {
            timing.answered(peer(100 + i), "find_node", ms(60));
        }
        for (int i = 0; i < 8; i++) {
            timing.answered(peer(1), "find_node", ms(40));
        }
        long stall = timing.stallTimeout(peer(1), "find_node").toNanos();
        assertThat(stall).isBetween(ms(40), ms(60)); // SRTT 40 ms, RTTVAR decayed towards 0
        assertThat(timing.timeout(peer(1), "find_node")).as("never below the minimum timeout").isEqualTo(MIN);
    }

    @Test
    void aPeerFarSlowerThanTheRestGetsTheLongestTimeoutNotAnAccusation() {
        for (int i = 0; i < 100; i++) {
            timing.answered(peer(100 + i), "find_node", ms(50));
        }
        timing.answered(peer(1), "find_node", ms(1_800));
        assertThat(timing.timeout(peer(1), "find_node")).isEqualTo(MAX);
        assertThat(timing.stallTimeout(peer(1), "find_node").toNanos()).isGreaterThan(ms(1_800));
    }

    @Test
    void aPeerSlowerThanTheRestButFastAgainstTheMinimumTimeoutIsNoOutlier() {
        for (int i = 0; i < 100; i++) {
            timing.answered(peer(100 + i), "find_node", 300_000L); // one host
        }
        for (int i = 0; i < 8; i++) {
            timing.answered(peer(1), "find_node", ms(10)); // 30 times the median: a busy process
        }
        assertThat(timing.timeout(peer(1), "find_node")).as("250 ms is 25 times its round trip").isEqualTo(MIN);
    }

    @Test
    void aLateAnswerTeachesTheTimingAndIsCounted() {
        timing.answeredLate(peer(1), "ping", ms(700));
        assertThat(timing.falseTimeouts()).isEqualTo(1);
        assertThat(timing.stallTimeout(peer(1), "ping").toNanos()).as("the peer is known now").isGreaterThan(ms(700));
    }

    @Test
    void aSlowNodeStretchesItsOwnTimeoutsInsteadOfAccusing() {
        for (int i = 0; i < 8; i++) {
            timing.answered(peer(1), "find_node", ms(200));
        }
        Duration before = timing.timeout(peer(1), "find_node");
        health.loopLag(ms(500));
        health.loopLag(ms(500));
        assertThat(health.multiplier()).isEqualTo(3);
        assertThat(timing.timeout(peer(1), "find_node")).isEqualTo(before.multipliedBy(3));
        for (int i = 0; i < 5; i++) {
            health.loopLag(0); // keeping up again
        }
        assertThat(health.multiplier()).isEqualTo(1);
    }
}
