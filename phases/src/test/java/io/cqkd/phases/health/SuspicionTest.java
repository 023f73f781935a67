package io.cqkd.phases.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The suspicion period: 12 s with no confirmation, shrinking to 2 s as three probers confirm. */
class SuspicionTest {
    private static final long S = 1_000_000_000L;

    @Test
    void thePeriodShrinksFromMaxToMinLogarithmicallyWithConfirmations() {
        assertThat(Suspicion.periodNanos(0, 3, 2 * S, 12 * S)).isEqualTo(12 * S);
        // ln 2 / ln 4 = 1/2: the first confirmation takes half the way.
        assertThat(Suspicion.periodNanos(1, 3, 2 * S, 12 * S)).isEqualTo(7 * S);
        // ln 3 / ln 4 = 0.7925: 12 - 7.925 s.
        assertThat(Suspicion.periodNanos(2, 3, 2 * S, 12 * S)).isBetween(4_074_000_000L, 4_076_000_000L);
        assertThat(Suspicion.periodNanos(3, 3, 2 * S, 12 * S)).isEqualTo(2 * S);
    }

    @Test
    void withNoProbersExpectedTheSuspectGetsTheLongestPeriod() {
        assertThat(Suspicion.periodNanos(0, 0, 2 * S, 12 * S)).isEqualTo(12 * S);
    }

    @Test
    void aProberConfirmsOnceAndNoMoreConfirmationsCountThanWereExpected() {
        Suspicion s = new Suspicion(new Contact(NodeId.zero(), new InetSocketAddress("10.0.0.1", 1)), 100 * S,
                2 * S, 12 * S, 2);
        NodeId a = NodeId.fromHex("aa".repeat(20));
        NodeId b = NodeId.fromHex("bb".repeat(20));
        NodeId c = NodeId.fromHex("cc".repeat(20));
        assertThat(s.confirm(a)).isTrue();
        assertThat(s.confirm(a)).as("the same prober twice").isFalse();
        assertThat(s.confirm(b)).isTrue();
        assertThat(s.confirm(c)).as("more than the two expected").isFalse();
        assertThat(s.deadlineNanos()).isEqualTo(102 * S);
    }
}
