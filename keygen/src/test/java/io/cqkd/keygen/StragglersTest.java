package io.cqkd.keygen;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.async.Futures;
import io.cqkd.transport.Scheduler;
import io.cqkd.transport.sim.SimNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A batch's dead steps are given up at a few times its median; live ones, slow or fast, are not. */
class StragglersTest {
    private final SimNetwork sim = new SimNetwork(1);
    private final Scheduler loop = sim.bind(null, (from, payload, at) -> { }).join().scheduler();
    private final Stragglers stragglers = new Stragglers(loop, sim);

    /** Starts, on the loop, a step that completes after {@code millis}, or never when negative. */
    private CompletableFuture<String> step(long millis) {
        CompletableFuture<CompletableFuture<String>> started = new CompletableFuture<>();
        loop.execute(() -> started.complete(stragglers.bound(() -> millis < 0 ? new CompletableFuture<>()
                : Futures.after(loop, Duration.ofMillis(millis)).thenApply(v -> "done"))));
        sim.runUntil(started::isDone, Duration.ofSeconds(1));
        return started.join();
    }

    @Test
    void aStepThatNeverAnswersIsGivenUpAtFourTimesTheMedianWhileTheOthersFinish() {
        List<CompletableFuture<String>> live = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            live.add(step(20));
        }
        CompletableFuture<String> dead = step(-1);
        long start = sim.elapsedNanos();
        sim.runUntil(dead::isDone, Duration.ofSeconds(10));

        assertThat(live).allSatisfy(f -> assertThat(f).isCompletedWithValue("done"));
        assertThat(dead).isCompletedExceptionally();
        long gaveUpAfterMillis = (sim.elapsedNanos() - start) / 1_000_000;
        assertThat(gaveUpAfterMillis).as("4 × the 20 ms median, not a timeout").isBetween(80L, 120L);
    }

    @Test
    void stepsAllSlowAlikeAreWaitedFor() {
        List<CompletableFuture<String>> slow = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            slow.add(step(500 + 10 * i));
        }
        sim.runUntil(() -> slow.stream().allMatch(CompletableFuture::isDone), Duration.ofSeconds(10));
        assertThat(slow).allSatisfy(f -> assertThat(f).isCompletedWithValue("done"));
    }

    @Test
    void beforeEnoughStepsFinishedNothingIsGivenUp() {
        for (int i = 0; i < Stragglers.MIN_FINISHED - 1; i++) {
            step(5);
        }
        CompletableFuture<String> waiting = step(-1);
        sim.runFor(Duration.ofSeconds(5));
        assertThat(waiting).as("no median to judge by").isNotDone();
    }

    @Test
    void theLimitNeverFallsBelowTheFloor() {
        List<CompletableFuture<String>> fast = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fast.add(step(1));
        }
        CompletableFuture<String> late = step(40); // 40 times the median, within the 50 ms floor
        sim.runUntil(late::isDone, Duration.ofSeconds(1));
        assertThat(late).isCompletedWithValue("done");
    }
}
