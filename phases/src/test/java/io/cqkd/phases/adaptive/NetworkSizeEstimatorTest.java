package io.cqkd.phases.adaptive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
        List<Contact> closest = ids.stream().filter(id -> !id.equals(self))
                .sorted(Comparator.comparing(id -> id, target::compareDistance)).limit(k)
                .map(id -> new Contact(id, ANY)).toList();
        return new LookupResult(target, closest, Map.of(), 1, 1, 0, false, k);
    }

    @ParameterizedTest(name = "{0} nodes")
    @ValueSource(ints = {200, 1_000, 10_000, 100_000})
    void tenLookupsComeWithin15PercentAndAFullWindowWithin10(int n) {
        SplittableRandom random = new SplittableRandom(n);
        List<NodeId> ids = network(n, random);
        NetworkSizeEstimator estimator = new NetworkSizeEstimator(ids.get(0));
        for (int i = 0; i < 10; i++) {
            estimator.observe(lookup(ids.get(0), ids, 20, random));
        }
        assertThat((double) estimator.estimate()).isCloseTo(n, within(0.15 * n));
        for (int i = 0; i < NetworkSizeEstimator.WINDOW; i++) {
            estimator.observe(lookup(ids.get(0), ids, 20, random));
        }
        assertThat((double) estimator.estimate()).isCloseTo(n, within(0.10 * n));
        assertThat(estimator.observations()).isEqualTo(NetworkSizeEstimator.WINDOW);
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
        estimator.observe(new LookupResult(NodeId.zero(), List.of(), Map.of(), 0, 0, 0, false, 20));
        estimator.observe(new LookupResult(NodeId.zero(), List.of(new Contact(NodeId.random(new SplittableRandom(1)),
                ANY)), Map.of(), 1, 1, 0, true, 20));
        assertThat(estimator.estimate()).isZero();
        assertThat(estimator.observations()).isZero();
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
