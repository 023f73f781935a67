package io.cqkd.phases.adaptive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RttHistogramTest {
    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }

    @Test
    void quantilesAreWithinTwentyPercentAboveTheTrueOnes() {
        RttHistogram h = new RttHistogram();
        for (int i = 1; i <= 100; i++) {
            h.add(ms(i * 10)); // 10 ms to 1 s, evenly
        }
        assertThat(h.quantileNanos(0.5)).isBetween(ms(500), ms(600));
        assertThat(h.quantileNanos(0.9)).isBetween(ms(900), ms(1_080));
        assertThat(h.quantileNanos(0.1)).isBetween(ms(100), ms(120));
    }

    @Test
    void oldConditionsFadeAsNewSamplesArrive() {
        RttHistogram h = new RttHistogram();
        for (int i = 0; i < RttHistogram.MEMORY; i++) {
            h.add(ms(2_000)); // a slow period
        }
        for (int i = 0; i < 4 * RttHistogram.MEMORY; i++) {
            h.add(ms(20)); // the network recovered
        }
        assertThat(h.quantileNanos(0.9)).isLessThan(ms(25));
    }
}
