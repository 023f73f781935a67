package io.cqkd.phases.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The process-wide budget of health calls: a burst of a second's worth, then the rate. */
class HealthBudgetTest {
    private static final long SECOND = 1_000_000_000L;

    private static int takenAt(HealthBudget budget, long nowNanos, int tries) {
        int taken = 0;
        for (int i = 0; i < tries; i++) {
            if (budget.take(nowNanos)) {
                taken++;
            }
        }
        return taken;
    }

    @Test
    void aQuietProcessMaySpendOneSecondOfItsRateAtOnceAndThenTheRate() {
        HealthBudget budget = new HealthBudget(100);
        assertThat(takenAt(budget, 0, 500)).as("the burst").isEqualTo(100);
        assertThat(takenAt(budget, SECOND / 10, 500)).as("a tenth of a second later").isEqualTo(10);
        assertThat(takenAt(budget, 5 * SECOND, 500)).as("a long pause refills no more than the burst")
                .isEqualTo(100);
    }

    @Test
    void theNodesOfAProcessShareIt() throws Exception {
        HealthBudget budget = new HealthBudget(1_000);
        int[] taken = new int[4];
        Thread[] loops = new Thread[taken.length];
        for (int t = 0; t < loops.length; t++) {
            int index = t;
            loops[t] = new Thread(() -> taken[index] = takenAt(budget, 0, 1_000));
            loops[t].start();
        }
        for (Thread loop : loops) {
            loop.join();
        }
        assertThat(taken[0] + taken[1] + taken[2] + taken[3]).isEqualTo(1_000);
    }

    @Test
    void aRateThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new HealthBudget(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
