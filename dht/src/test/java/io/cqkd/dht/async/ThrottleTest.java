package io.cqkd.dht.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    /** Tasks the test completes by hand, in an order it chooses. */
    private static final class Gates {
        final List<CompletableFuture<Integer>> gates = new ArrayList<>();
        final List<Integer> started = new ArrayList<>();

        CompletableFuture<Integer> task(int n) {
            started.add(n);
            CompletableFuture<Integer> gate = new CompletableFuture<>();
            gates.add(gate);
            return gate;
        }
    }

    @Test
    void runsAtMostLimitAtOnceAndStartsTheRestInOrderAsSlotsFree() {
        Throttle throttle = new Throttle(2);
        Gates gates = new Gates();
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            results.add(throttle.submit(() -> gates.task(n)));
        }
        assertThat(gates.started).containsExactly(0, 1);
        assertThat(throttle.running()).isEqualTo(2);
        assertThat(throttle.waiting()).isEqualTo(3);

        gates.gates.get(1).complete(10);
        assertThat(results.get(1)).isCompletedWithValue(10);
        assertThat(gates.started).containsExactly(0, 1, 2);
        gates.gates.get(0).completeExceptionally(new IllegalStateException("boom"));
        assertThat(results.get(0)).isCompletedExceptionally();
        assertThat(gates.started).containsExactly(0, 1, 2, 3);
        gates.gates.get(2).complete(12);
        gates.gates.get(3).complete(13);
        gates.gates.get(4).complete(14);
        assertThat(gates.started).containsExactly(0, 1, 2, 3, 4);
        assertThat(results.subList(2, 5)).extracting(CompletableFuture::join).containsExactly(12, 13, 14);
        assertThat(throttle.running()).isZero();
        assertThat(throttle.waiting()).isZero();
    }

    @Test
    void aTaskThatThrowsOrReturnsNoFutureFailsItsResultAndFreesItsSlot() {
        Throttle throttle = new Throttle(1);
        CompletableFuture<Integer> thrown = throttle.submit(() -> {
            throw new IllegalArgumentException("bad task");
        });
        CompletableFuture<Integer> none = throttle.submit(() -> null);
        CompletableFuture<Integer> fine = throttle.submit(() -> CompletableFuture.completedFuture(3));
        assertThatThrownBy(thrown::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(none::join).hasCauseInstanceOf(NullPointerException.class);
        assertThat(fine).isCompletedWithValue(3);
        assertThat(throttle.running()).isZero();
    }

    @Test
    void aFullQueueRefusesAtOnceWithoutQueueing() {
        Throttle throttle = new Throttle(1, 2);
        Gates gates = new Gates();
        throttle.submit(() -> gates.task(0));
        throttle.submit(() -> gates.task(1));
        throttle.submit(() -> gates.task(2));
        assertThat(throttle.isFull()).isTrue();
        CompletableFuture<Integer> refused = throttle.submit(() -> gates.task(3));
        assertThatThrownBy(refused::join).hasCauseInstanceOf(ThrottleFullException.class);
        gates.gates.get(0).complete(0);
        assertThat(throttle.isFull()).isFalse();
        assertThat(gates.started).containsExactly(0, 1);
    }

    @Test
    void aLongQueueOfTasksThatCompleteAtOnceDoesNotOverflowTheStack() {
        Throttle throttle = new Throttle(1);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        throttle.submit(() -> gate);
        AtomicInteger ran = new AtomicInteger();
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            results.add(throttle.submit(() -> CompletableFuture.completedFuture(ran.incrementAndGet())));
        }
        gate.complete(null); // releases all of them from inside one completion
        assertThat(ran.get()).isEqualTo(200_000);
        assertThat(results.get(199_999)).isCompletedWithValue(200_000);
    }

    @Property(tries = 200)
    void neverMoreThanLimitRunningWhateverTheOrderOfCompletions(@ForAll @IntRange(min = 1, max = 5) int limit,
                                                                 @ForAll @IntRange(min = 0, max = 30) int tasks,
                                                                 @ForAll long seed) {
        Throttle throttle = new Throttle(limit);
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        List<CompletableFuture<Integer>> open = new ArrayList<>();
        int[] runningNow = {0};
        int[] maxRunning = {0};
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            results.add(throttle.submit(() -> {
                runningNow[0]++;
                maxRunning[0] = Math.max(maxRunning[0], runningNow[0]);
                CompletableFuture<Integer> f = new CompletableFuture<>();
                open.add(f);
                return f.whenComplete((v, e) -> runningNow[0]--);
            }));
        }
        while (!open.isEmpty()) {
            open.remove(random.nextInt(open.size())).complete(1);
        }
        assertThat(maxRunning[0]).isLessThanOrEqualTo(limit);
        assertThat(results).allMatch(r -> r.isDone() && !r.isCompletedExceptionally());
        assertThat(throttle.running()).isZero();
    }

    @Test
    void tasksCompletingOnManyThreadsNeverExceedTheLimitAndAllRun() throws Exception {
        Throttle throttle = new Throttle(3);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger runningNow = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        int tasks = 5_000;
        CountDownLatch done = new CountDownLatch(tasks);
        try {
            for (int i = 0; i < tasks; i++) {
                throttle.submit(() -> {
                    maxRunning.accumulateAndGet(runningNow.incrementAndGet(), Math::max);
                    return CompletableFuture.supplyAsync(() -> {
                        runningNow.decrementAndGet();
                        return 1;
                    }, pool);
                }).whenComplete((v, e) -> done.countDown());
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(maxRunning.get()).isLessThanOrEqualTo(3);
        assertThat(throttle.running()).isZero();
        assertThat(throttle.waiting()).isZero();
    }
}
