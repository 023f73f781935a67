package io.cqkd.phases.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Leavers asked again on a slow clock, for a while, the last few only; one that answered is not asked again. */
class LostPeersTest {
    private static final long MINUTE = 60_000_000_000L;
    private final SplittableRandom random = new SplittableRandom(9);
    private final LostPeers lost = new LostPeers();

    private Contact peer(int n) {
        return new Contact(NodeId.random(random), new InetSocketAddress("10.0.0." + n, 6881));
    }

    @Test
    void aLeaverIsAskedEveryTwoMinutesForHalfAnHourThenForgotten() {
        Contact p = peer(1);
        lost.left(p, 0);
        assertThat(lost.due(MINUTE)).as("not yet").isNull();
        assertThat(lost.due(2 * MINUTE)).isEqualTo(p);
        assertThat(lost.due(3 * MINUTE)).as("asked a minute ago").isNull();
        assertThat(lost.due(4 * MINUTE)).isEqualTo(p);
        assertThat(lost.due(31 * MINUTE)).as("gone for over half an hour").isNull();
        assertThat(lost.size()).isZero();
    }

    @Test
    void oneThatAnsweredIsNotAskedAgain() {
        Contact p = peer(1);
        lost.left(p, 0);
        lost.answered(p);
        assertThat(lost.due(10 * MINUTE)).isNull();
    }

    @Test
    void onlyTheLastLeaversAreKept() {
        for (int i = 0; i < LostPeers.MEMORY + 10; i++) {
            lost.left(peer(i % 250), i);
        }
        assertThat(lost.size()).isEqualTo(LostPeers.MEMORY);
    }
}
