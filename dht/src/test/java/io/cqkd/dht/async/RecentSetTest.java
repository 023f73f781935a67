package io.cqkd.dht.async;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RecentSetTest {

    @Test
    void keepsTheNewestAndMovesAnItemSeenAgainToTheNewestEnd() {
        RecentSet<String, String> recent = RecentSet.of(3);
        recent.add("a");
        recent.add("b");
        recent.add("c");
        assertThat(recent.add("a")).isZero(); // seen again: now the newest
        assertThat(recent.add("d")).isEqualTo(1); // b, the oldest, is forgotten
        assertThat(recent.oldestFirst()).containsExactly("c", "a", "d");
        assertThat(recent.pollNewest()).isEqualTo("d");
        assertThat(recent.remove("c")).isEqualTo("c");
        assertThat(recent.oldestFirst()).containsExactly("a");
        assertThat(recent.pollNewest()).isEqualTo("a");
        assertThat(recent.pollNewest()).isNull();
        assertThat(recent.isEmpty()).isTrue();
    }

    @Test
    void oneItemPerKeyTheLatestValueWins() {
        record Peer(String id, int port) {}
        RecentSet<String, Peer> recent = new RecentSet<>(2, Peer::id);
        recent.add(new Peer("x", 1));
        recent.add(new Peer("y", 2));
        recent.add(new Peer("x", 3));
        assertThat(recent.oldestFirst()).containsExactly(new Peer("y", 2), new Peer("x", 3));
        assertThat(recent.contains("x")).isTrue();
    }

    /** The model: a list where adding removes the old copy, appends, and trims from the front. */
    @Property(tries = 300)
    void behavesLikeTheListModel(@ForAll @IntRange(min = 1, max = 6) int capacity,
                                 @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 9) Integer> adds) {
        RecentSet<Integer, Integer> recent = RecentSet.of(capacity);
        List<Integer> model = new ArrayList<>();
        for (int item : adds) {
            model.remove(Integer.valueOf(item));
            model.add(item);
            int expectedForgotten = Math.max(0, model.size() - capacity);
            while (model.size() > capacity) {
                model.remove(0);
            }
            assertThat(recent.add(item)).isEqualTo(expectedForgotten);
            assertThat(recent.oldestFirst()).isEqualTo(model);
        }
    }
}
