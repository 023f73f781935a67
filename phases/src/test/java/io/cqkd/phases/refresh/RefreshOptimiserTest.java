package io.cqkd.phases.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.phases.refresh.RefreshOptimiser.Decision;
import org.junit.jupiter.api.Test;

/** The optimiser's bounded steps: towards fresher tables when lookups fail, towards less traffic when refreshing costs too much. */
class RefreshOptimiserTest {
    private static final long MINUTE = 60_000_000_000L;
    private final RefreshOptimiser optimiser = new RefreshOptimiser(0.9, 0.2);
    private long now = 0;

    /** One minute of traffic: {@code lookups} lookups of which {@code found} found nodes, {@code refreshRpcs} of {@code rpcs} calls refreshing. */
    private Decision minute(int lookups, int found, int refreshRpcs, int rpcs) {
        now += MINUTE;
        for (int i = 0; i < lookups; i++) {
            optimiser.lookupDone(now, i < found, i == 0 ? refreshRpcs : 0);
        }
        optimiser.sent(now, rpcs);
        return optimiser.decide(now);
    }

    @Test
    void failingLookupsMakeItRefreshMoreOftenOneStepAMinuteDownToItsBound() {
        assertThat(minute(20, 10, 10, 1000)).isEqualTo(Decision.MORE_OFTEN);
        assertThat(optimiser.factor()).isEqualTo(1 / RefreshOptimiser.STEP);
        for (int i = 0; i < 20; i++) {
            minute(20, 10, 10, 1000);
        }
        assertThat(optimiser.factor()).isEqualTo(RefreshOptimiser.MIN_FACTOR);
        assertThat(minute(20, 10, 10, 1000)).as("at the bound: nothing left to step").isNotEqualTo(Decision.MORE_OFTEN);
    }

    @Test
    void costlyRefreshingMakesItRefreshLessOftenAndEasyTimesBringItBack() {
        assertThat(minute(20, 20, 400, 1000)).isEqualTo(Decision.LESS_OFTEN);
        assertThat(optimiser.factor()).isEqualTo(RefreshOptimiser.STEP);
        // The window still holds the costly minute for ten minutes; then the share falls to 5 %.
        Decision last = null;
        for (int i = 0; i < 12; i++) {
            last = minute(20, 20, 50, 1000);
        }
        assertThat(last).isIn(Decision.RELAX, Decision.HOLD);
        assertThat(optimiser.factor()).as("back at the plan's formula").isEqualTo(1.0);
    }

    @Test
    void tooFewSamplesSayNothing() {
        assertThat(minute(3, 0, 0, 50)).isEqualTo(Decision.HOLD);
        assertThat(optimiser.factor()).isEqualTo(1.0);
    }

    @Test
    void itDecidesAtMostOnceAPeriod() {
        assertThat(minute(20, 10, 10, 1000)).isEqualTo(Decision.MORE_OFTEN);
        assertThat(optimiser.decide(now + 1)).isNull();
        assertThat(optimiser.decide(now + RefreshOptimiser.PERIOD.toNanos())).isNotNull();
    }
}
