package io.cqkd.dht.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void theBaseDoublesUntilItsCap() {
        Backoff backoff = Backoff.jittered(Duration.ofSeconds(1), Duration.ofSeconds(30));
        assertThat(backoff.base(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.base(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.base(4)).isEqualTo(Duration.ofSeconds(16));
        assertThat(backoff.base(5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.base(1_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anUncappedBaseNeverOverflows() {
        Backoff backoff = new Backoff(Duration.ofMillis(50), Backoff.NO_MAX, 0, 1);
        assertThat(backoff.base(10)).isEqualTo(Duration.ofMillis(51_200));
        assertThat(backoff.base(100)).isEqualTo(Backoff.NO_MAX);
    }

    @Test
    void delaysStayWithinTheJitterRangeAndSpreadOverIt() {
        Backoff backoff = Backoff.jittered(Duration.ofSeconds(1), Duration.ofSeconds(30));
        SplittableRandom random = new SplittableRandom(1);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 10_000; i++) {
            long d = backoff.delay(2, random).toMillis();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(min).isGreaterThanOrEqualTo(2_000).isLessThan(2_050);
        assertThat(max).isLessThan(6_000).isGreaterThan(5_950);
    }

    @Test
    void withoutJitterTheDelayIsTheBaseAndDrawsNothing() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 1, 1);
        SplittableRandom random = new SplittableRandom(1);
        SplittableRandom untouched = new SplittableRandom(1);
        assertThat(backoff.delay(3, random)).isEqualTo(Duration.ofSeconds(8));
        assertThat(random.nextLong()).isEqualTo(untouched.nextLong());
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
