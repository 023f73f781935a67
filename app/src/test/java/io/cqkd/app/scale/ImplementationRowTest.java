package io.cqkd.app.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImplementationRowTest {

    private static RunFigures run(long millis, int found, long heap) {
        return new RunFigures("x", 99, millis, 100, found, 20, 30, heap, 10 * heap, 1.5, 3);
    }

    @Test
    void summarisesRunsByMedianMinMaxAndPooledSuccess() {
        ImplementationRow row = ImplementationRow.of(List.of(run(300, 100, 2_000), run(100, 90, 1_000), run(200, 80, 3_000)));
        assertThat(row.bootstrapMillisMedian()).isEqualTo(200);
        assertThat(row.bootstrapMillisMin()).isEqualTo(100);
        assertThat(row.bootstrapMillisMax()).isEqualTo(300);
        assertThat(row.lookups()).isEqualTo(300);
        assertThat(row.found()).isEqualTo(270);
        assertThat(row.lookupSuccess()).isEqualTo(0.9);
        assertThat(row.heapBytes()).isEqualTo(2_000);
        assertThat(row.heapBytesPerNode()).isEqualTo(20); // 99 workers + the seed
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(ImplementationRow.median(new long[] {4, 1, 3, 2})).isEqualTo(2); // (2 + 3) / 2, rounded down
        assertThat(ImplementationRow.median(new long[] {7})).isEqualTo(7);
    }
}
