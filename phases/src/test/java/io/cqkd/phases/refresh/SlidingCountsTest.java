package io.cqkd.phases.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Counts within a window of slots: the oldest slot leaves as time moves on, and a long silence clears them all. */
class SlidingCountsTest {
    private static final long SECOND = 1_000_000_000L;
    private final SlidingCounts counts = new SlidingCounts(Duration.ofSeconds(1), 5, 2);

    @Test
    void eventsLeaveTheWindowSlotBySlot() {
        counts.add(0, 0, 3);
        counts.add(2 * SECOND, 0, 4);
        counts.add(2 * SECOND, 1, 1);
        assertThat(counts.sum(4 * SECOND, 0)).isEqualTo(7);
        assertThat(counts.sum(5 * SECOND, 0)).as("the first slot left").isEqualTo(4);
        assertThat(counts.sum(5 * SECOND, 1)).isEqualTo(1);
        assertThat(counts.sum(7 * SECOND, 0)).isZero();
    }

    @Test
    void aLongSilenceClearsEverything() {
        counts.add(0, 0, 3);
        assertThat(counts.sum(1_000 * SECOND, 0)).isZero();
        counts.add(1_000 * SECOND, 0, 2);
        assertThat(counts.sum(1_001 * SECOND, 0)).isEqualTo(2);
    }
}
