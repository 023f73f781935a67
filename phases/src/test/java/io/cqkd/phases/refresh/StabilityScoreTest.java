package io.cqkd.phases.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The stability score's three terms, each of which can bring it down alone. */
class StabilityScoreTest {
    private static final long MINUTE = 60_000_000_000L;
    private final StabilityScore score = new StabilityScore();

    @Test
    void aQuietNetworkScoresOne() {
        for (int m = 0; m < 20; m++) {
            assertThat(score.update(m * MINUTE, 1000, 100, 0)).isEqualTo(1.0);
        }
    }

    @Test
    void aSizeEstimateMovingByAQuarterWithinTheWindowHalvesIt() {
        score.update(0, 1000, 100, 0);
        assertThat(score.update(5 * MINUTE, 1250, 100, 0)).isCloseTo(0.5, within(1e-9));
        assertThat(score.update(20 * MINUTE, 1250, 100, 0)).as("the old estimate left the window").isEqualTo(1.0);
    }

    @Test
    void failingEntriesBringItDownByTheirShare() {
        assertThat(score.update(0, 1000, 100, 30)).isCloseTo(0.7, within(1e-9));
    }

    @Test
    void peersLeavingBringItDownAndAreForgottenAfterTheWindow() {
        for (int i = 0; i < 25; i++) {
            score.left(MINUTE);
        }
        assertThat(score.update(MINUTE, 1000, 100, 0)).as("25 leavers and their 25 successors in a table of 100")
                .isCloseTo(0.5, within(1e-9));
        assertThat(score.update(15 * MINUTE, 1000, 100, 0)).isEqualTo(1.0);
    }
}
