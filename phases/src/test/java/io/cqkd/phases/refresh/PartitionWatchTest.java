package io.cqkd.phases.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Churn evicts a peer here and there; a cut through the network empties a share of many buckets at once. */
class PartitionWatchTest {
    private static final long SECOND = 1_000_000_000L;
    private final PartitionWatch watch = new PartitionWatch();

    @Test
    void manyEvictionsAcrossManyBucketsWithinTheWindowLookLikeAPartition() {
        boolean suspected = false;
        for (int i = 0; i < 40 && !suspected; i++) {
            suspected = watch.evicted(i * SECOND / 4, 150 + i % 8, 120 - i);
        }
        assertThat(suspected).isTrue();
    }

    @Test
    void evictionsInOneBucketAreNot() {
        for (int i = 0; i < 100; i++) {
            assertThat(watch.evicted(i * SECOND / 10, 155, 100)).isFalse();
        }
    }

    @Test
    void theSameEvictionsSpreadOverTimeAreChurn() {
        for (int i = 0; i < 100; i++) {
            assertThat(watch.evicted(i * 10 * SECOND, 150 + i % 8, 100)).isFalse();
        }
    }
}
