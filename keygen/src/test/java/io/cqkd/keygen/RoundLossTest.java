package io.cqkd.keygen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** When a first round is judged lost before all its operations have finished. */
class RoundLossTest {
    private static final int OPERATIONS = 365; // an 8-bit key's first round
    private static final double SHARE = KeyRun.RESTART_LOSS;

    @Test
    void aHealthyRoundIsNeverLost() {
        RoundLoss loss = new RoundLoss(OPERATIONS, SHARE);
        for (int i = 0; i < OPERATIONS; i++) {
            loss.record(i % 10 != 0); // a tenth lost: the next round makes up for it
            assertThat(loss.isLost()).as("after %d", i + 1).isFalse();
        }
    }

    @Test
    void aSampleOfFailuresTooSmallToTrustDoesNotDecide() {
        RoundLoss loss = new RoundLoss(OPERATIONS, SHARE);
        for (int i = 0; i < 60; i++) {
            loss.record(false);
        }
        assertThat(loss.isLost()).as("60 failed of 60, below the sample of a quarter of the round").isFalse();
    }

    @Test
    void moreThanTheShareOfAQuarterOfTheRoundFailedIsLost() {
        RoundLoss loss = new RoundLoss(OPERATIONS, SHARE);
        int sample = OPERATIONS / 4;
        for (int i = 0; i < sample - 1; i++) {
            loss.record(i % 3 == 0); // two of three fail: a fifth of the workers dead
        }
        assertThat(loss.isLost()).as("one short of the sample").isFalse();
        loss.record(false);
        assertThat(loss.isLost()).isTrue();
        assertThat(loss.failed()).isGreaterThan(sample / 2);
    }

    @Test
    void halfOfTheSampleFailedIsNotYetLost() {
        RoundLoss loss = new RoundLoss(OPERATIONS, SHARE);
        for (int i = 0; i < OPERATIONS / 2; i++) {
            loss.record(i % 2 == 0);
        }
        assertThat(loss.isLost()).as("exactly half failed: not more than half").isFalse();
    }

    @Test
    void moreThanTheShareOfTheWholeRoundFailedIsLostWhateverCameFirst() {
        RoundLoss loss = new RoundLoss(OPERATIONS, SHARE);
        for (int i = 0; i < OPERATIONS / 2; i++) {
            loss.record(true); // the live ones first, as they finish in a round trip
        }
        for (int i = 0; i <= OPERATIONS / 2; i++) {
            loss.record(false);
        }
        assertThat(loss.failed()).isEqualTo(OPERATIONS / 2 + 1);
        assertThat(loss.isLost()).isTrue();
    }

    @Test
    void aSmallRoundIsJudgedOnItsWholeSelf() {
        RoundLoss loss = new RoundLoss(10, SHARE);
        for (int i = 0; i < 5; i++) {
            loss.record(false);
        }
        assertThat(loss.isLost()).as("5 of 10").isFalse();
        loss.record(false);
        assertThat(loss.isLost()).as("6 of 10").isTrue();
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> new RoundLoss(0, SHARE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RoundLoss(10, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
