package io.cqkd.keygen.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {
    @Test
    void outOfOrderNumbersAreAcceptedOnceAndOldOnesNever() {
        ReplayWindow w = new ReplayWindow();
        assertThat(w.accept(3)).isTrue();
        assertThat(w.accept(1)).isTrue();
        assertThat(w.accept(2)).isTrue();
        assertThat(w.accept(2)).isFalse();
        assertThat(w.accept(0)).isFalse();
        assertThat(w.accept(3 + ReplayWindow.SIZE)).isTrue();
        assertThat(w.accept(3)).as("fell out of the window").isFalse();
        assertThat(w.accept(4)).as("inside the window, never seen").isTrue();
    }

    /** Within the window, a number is accepted exactly when it was not accepted before. */
    @Property
    void withinTheWindowEachNumberIsAcceptedExactlyOnce(
            @ForAll @Size(max = 300) List<@LongRange(min = 1, max = 2000) Long> numbers) {
        ReplayWindow w = new ReplayWindow();
        Set<Long> seen = new HashSet<>();
        for (long n : numbers) {
            assertThat(w.accept(n)).isEqualTo(seen.add(n));
        }
    }
}
