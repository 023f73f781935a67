package io.cqkd.phases.adaptive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The estimator fed with perfect lookups of model networks (the true k closest of N uniform ids to
 * random targets), fixed seeds: how close it gets, and how fast.
 */
class NetworkSizeEstimatorTest {
    private static final InetSocketAddress ANY = new InetSocketAddress("10.0.0.1", 6881);

    private static List<NodeId> network(int n, SplittableRandom random) {
        List<NodeId> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(NodeId.random(random));
        }
        return ids;
    }

    /** The lookup {@code self} would make of a random target: the {@code k} others closest to it. */
    private static LookupResult lookup(NodeId self, List<NodeId> ids, int k, SplittableRandom random) {
        NodeId target = NodeId.random(random);
        // The k closest by a bounded heap (farthest on top): a sort of 100,000 ids per lookup is slow.
        PriorityQueue<NodeId> heap = new PriorityQueue<>(k + 1, (a, b) -> target.compareDistance(b, a));
        for (NodeId id : ids) {
            if (!id.equals(self)) {
                heap.add(id);
                if (heap.size() > k) {
                    heap.poll();
                }
            }
        }
        List<Contact> closest = heap.stream().sorted((a, b) -> target.compareDistance(a, b))
                .map(id -> new Contact(id, ANY)).toList();
        return new LookupResult(target, closest, Map.of(), 1, 1, 0, false, k, 3, 0, 0);
    }

    /**
     * One lookup's estimate is spread by about 24 % (with a long upper tail), the median of ten by
     * about 9 %: each of twenty nodes must be within 40 % after ten lookups (four spreads), and the
     * median of the twenty within 25 % after ten lookups and within 5 % after a full window (about
     * 2 % spread: no bias).
     */
    @ParameterizedTest(name = "{0} nodes")
    @ValueSource(ints = {200, 1_000, 10_000, 100_000})
    void estimatesAreCloseAfterTenLookupsAndUnbiased(int n) {
        SplittableRandom random = new SplittableRandom(n);
        List<NodeId> ids = network(n, random);
        long[] afterTen = new long[20];
        long[] afterWindow = new long[20];
        for (int node = 0; node < afterTen.length; node++) {
            NodeId self = ids.get(node);
            NetworkSizeEstimator estimator = new NetworkSizeEstimator(self);
            for (int i = 0; i < 10; i++) {
                estimator.observe(lookup(self, ids, 20, random));
            }
            afterTen[node] = estimator.estimate();
            assertThat((double) afterTen[node]).isCloseTo(n, within(0.40 * n));
            for (int i = 0; i < NetworkSizeEstimator.WINDOW; i++) {
                estimator.observe(lookup(self, ids, 20, random));
            }
            afterWindow[node] = estimator.estimate();
        }
        assertThat(median(afterTen)).isCloseTo(n, within(0.25 * n));
        assertThat(median(afterWindow)).isCloseTo(n, within(0.05 * n));
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    }

    @Test
    void nodesThatDidNotAnswerCloserThanTheLastResultCountInItsRank() {
        SplittableRandom random = new SplittableRandom(11);
        List<NodeId> ids = network(3_000, random);
        NetworkSizeEstimator complete = new NetworkSizeEstimator(ids.get(0));
        NetworkSizeEstimator withSilent = new NetworkSizeEstimator(ids.get(0));
        for (int i = 0; i < 30; i++) {
            LookupResult full = lookup(ids.get(0), ids, 20, random);
            complete.observe(full);
            // The same lookup had the 3rd and 7th closest not answering: 18 results, 2 silent closer.
            List<Contact> answered = new ArrayList<>(full.closest());
            answered.remove(6);
            answered.remove(2);
            withSilent.observe(new LookupResult(full.target(), answered, Map.of(), 1, 20, 2, false, 18, 3, 0, 2));
        }
        assertThat((double) withSilent.estimate()).isCloseTo(complete.estimate(), within(0.02 * complete.estimate()));
    }

    @Test
    void aNetworkSmallerThanALookupsWidthIsCountedExactly() {
        SplittableRandom random = new SplittableRandom(3);
        List<NodeId> ids = network(15, random);
        NetworkSizeEstimator estimator = new NetworkSizeEstimator(ids.get(0));
        estimator.observe(lookup(ids.get(0), ids, 20, random));
        assertThat(estimator.estimate()).isEqualTo(15);
    }

    @Test
    void aLookupStoppedEarlyOrWithNothingTellsNothing() {
        NetworkSizeEstimator estimator = new NetworkSizeEstimator(NodeId.zero());
        estimator.observe(new LookupResult(NodeId.zero(), List.of(), Map.of(), 0, 0, 0, false, 20, 3, 0, 0));
        estimator.observe(new LookupResult(NodeId.zero(), List.of(new Contact(NodeId.random(new SplittableRandom(1)),
                ANY)), Map.of(), 1, 1, 0, true, 20, 3, 0, 0));
        assertThat(estimator.estimate()).isZero();
        assertThat(estimator.observations()).isZero();
    }

    @Test
    void lookupsMadeWhileTheNetworkWasSmallAreOutvotedByTenLater() {
        SplittableRandom random = new SplittableRandom(9);
        List<NodeId> ids = network(2_000, random);
        NetworkSizeEstimator estimator = new NetworkSizeEstimator(ids.get(0));
        for (int i = 0; i < NetworkSizeEstimator.WINDOW; i++) {
            estimator.observe(lookup(ids.get(0), ids.subList(0, 200), 20, random)); // while joining
        }
        assertThat((double) estimator.estimate()).isCloseTo(200, within(60.0));
        for (int i = 0; i < 10; i++) {
            estimator.observe(lookup(ids.get(0), ids, 20, random));
        }
        assertThat((double) estimator.estimate()).isCloseTo(2_000, within(500.0));
    }

    @Test
    void oneWildLookupDoesNotMoveAnEstimateMadeOfMany() {
        SplittableRandom random = new SplittableRandom(5);
        List<NodeId> ids = network(5_000, random);
        NetworkSizeEstimator estimator = new NetworkSizeEstimator(ids.get(0));
        for (int i = 0; i < 20; i++) {
            estimator.observe(lookup(ids.get(0), ids, 20, random));
        }
        long before = estimator.estimate();
        // A lookup that met only far nodes (a poor table, dead neighbours): its own estimate is tiny.
        LookupResult poor = lookup(ids.get(0), ids.subList(0, 30), 20, random);
        estimator.observe(poor);
        assertThat((double) estimator.estimate()).isCloseTo(before, within(0.05 * before));
    }
}
