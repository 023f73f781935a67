package io.cqkd.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {
    @Test
    void outOfOrderNumbersAreAcceptedOnceAndOldOnesNever() {
        ReplayWindow w = new ReplayWindow(4096);
        assertThat(w.accept(3)).isTrue();
        assertThat(w.accept(1)).isTrue();
        assertThat(w.accept(2)).isTrue();
        assertThat(w.accept(2)).isFalse();
        assertThat(w.accept(-1)).isFalse();
        assertThat(w.accept(3 + 4096)).isTrue();
        assertThat(w.accept(3)).as("fell out of the window").isFalse();
        assertThat(w.accept(4)).as("inside the window, never seen").isTrue();
    }

    @Test
    void aFirstNumberFarFromZeroStartsTheWindowThere() {
        ReplayWindow w = new ReplayWindow(64);
        assertThat(w.accept(1_000_000)).isTrue();
        assertThat(w.accept(1_000_000 - 63)).isTrue();
        assertThat(w.accept(1_000_000 - 64)).as("older than the window").isFalse();
        assertThat(w.accept(1_000_000)).isFalse();
    }

    @Test
    void widthsThatAreNotWholeWordsAreRefused() {
        assertThatThrownBy(() -> new ReplayWindow(100)).hasMessageContaining("multiple of 64, got 100");
    }

    /** Within the window, a number is accepted exactly when it was not accepted before. */
    @Property
    void withinTheWindowEachNumberIsAcceptedExactlyOnce(
            @ForAll @Size(max = 300) List<@LongRange(min = 0, max = 2000) Long> numbers) {
        ReplayWindow w = new ReplayWindow(4096);
        Set<Long> seen = new HashSet<>();
        for (long n : numbers) {
            assertThat(w.accept(n)).isEqualTo(seen.add(n));
        }
    }

    /** Against a plain model: accepted iff new and within width of the highest accepted so far. */
    @Property
    void agreesWithTheDefinitionForEveryWidth(@ForAll @IntRange(min = 1, max = 4) int words,
            @ForAll @Size(max = 400) List<@LongRange(min = 0, max = 600) Long> numbers) {
        int width = 64 * words;
        ReplayWindow w = new ReplayWindow(width);
        Set<Long> accepted = new HashSet<>();
        long highest = -1;
        for (long n : numbers) {
            boolean expected = n > highest - width && !accepted.contains(n);
            assertThat(w.accept(n)).as("n=%d highest=%d", n, highest).isEqualTo(expected);
            if (expected) {
                accepted.add(n);
                highest = Math.max(highest, n);
            }
        }
    }
}
