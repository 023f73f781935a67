package io.cqkd.phases.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A node whose probes nobody answers stretches its own waits; passed checks bring it back. */
class AwarenessTest {
    @Test
    void silenceRaisesTheScoreUpToItsBoundAndPassedChecksLowerIt() {
        Awareness a = new Awareness();
        assertThat(a.multiplier()).isEqualTo(1);
        for (int i = 0; i < 20; i++) {
            a.nobodyAnswered();
        }
        assertThat(a.score()).isEqualTo(8);
        assertThat(a.multiplier()).isEqualTo(9);
        a.checkPassed();
        a.checkPassed();
        assertThat(a.multiplier()).isEqualTo(7);
        for (int i = 0; i < 20; i++) {
            a.checkPassed();
        }
        assertThat(a.score()).isZero();
    }
}
