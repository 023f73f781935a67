package io.cqkd.dht.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqkd.wire.NodeId;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The XOR metric of {@link NodeId} that Kademlia rests on, checked against an independent model: the
 * ids read as unsigned 160-bit integers ({@link BigInteger}), where d(a, b) = a XOR b.
 */
class XorMetricPropertiesTest {
    private static final NodeId ONES = NodeId.fromHex("ff".repeat(NodeId.BYTES));

    /** Any id, with the corners of the space (all zeros, all ones, a single bit) as edge cases. */
    @Provide
    Arbitrary<NodeId> ids() {
        return Arbitraries.bytes().array(byte[].class).ofSize(NodeId.BYTES).map(NodeId::of)
                .edgeCases(c -> c.add(NodeId.zero(), ONES,
                        NodeId.fromHex("80" + "00".repeat(NodeId.BYTES - 1)),
                        NodeId.fromHex("00".repeat(NodeId.BYTES - 1) + "01")));
    }

    /**
     * Triples of ids close to each other (sharing a long random prefix), so that comparisons are
     * decided deep in the low words and not only by the first bit.
     */
    @Provide
    Arbitrary<List<NodeId>> nearTriples() {
        return Combinators.combine(ids(), Arbitraries.integers().between(0, NodeId.BITS - 1), Arbitraries.longs())
                .as((base, bucket, seed) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    List<NodeId> out = new ArrayList<>(3);
                    out.add(base);
                    out.add(NodeId.randomInBucket(base, random.nextInt(bucket + 1), random));
                    out.add(NodeId.randomInBucket(base, random.nextInt(bucket + 1), random));
                    return out;
                });
    }

    private static BigInteger value(NodeId id) {
        return new BigInteger(1, id.toBytes());
    }

    private static BigInteger distance(NodeId a, NodeId b) {
        return value(a).xor(value(b));
    }

    @Property
    void theDistanceOfAnIdToItselfIsZero(@ForAll("ids") NodeId a, @ForAll("ids") NodeId other) {
        assertThat(a.xor(a)).isEqualTo(NodeId.zero());
        assertThat(a.commonPrefixLength(a)).isEqualTo(NodeId.BITS);
        assertThat(a.bucketIndexOf(a)).isEqualTo(-1);
        assertThat(a.compareDistance(a, a)).isZero();
        if (!other.equals(a)) {
            assertThat(a.xor(other)).isNotEqualTo(NodeId.zero());
            assertThat(a.compareDistance(a, other)).as("nothing is closer to a than a").isNegative();
            assertThat(a.compareDistance(other, a)).isPositive();
        }
    }

    @Property
    void xorIsTheDistanceOfTheIntegerModel(@ForAll("ids") NodeId a, @ForAll("ids") NodeId b) {
        assertThat(value(a.xor(b))).isEqualTo(distance(a, b));
        assertThat(a.xor(NodeId.zero())).isEqualTo(a);
        assertThat(value(a.xor(ONES))).isEqualTo(value(a).xor(value(ONES)));
    }

    @Property
    void distanceIsSymmetric(@ForAll("ids") NodeId a, @ForAll("ids") NodeId b) {
        assertThat(a.xor(b)).isEqualTo(b.xor(a));
        assertThat(a.commonPrefixLength(b)).isEqualTo(b.commonPrefixLength(a));
        assertThat(a.bucketIndexOf(b)).isEqualTo(b.bucketIndexOf(a));
    }

    @Property
    void triangleInequality(@ForAll("ids") NodeId a, @ForAll("ids") NodeId b, @ForAll("ids") NodeId c) {
        assertTriangle(a, b, c);
    }

    @Property
    void triangleInequalityForNearIds(@ForAll("nearTriples") List<NodeId> ids) {
        assertTriangle(ids.get(0), ids.get(1), ids.get(2));
        assertTriangle(ids.get(1), ids.get(2), ids.get(0));
    }

    private static void assertTriangle(NodeId a, NodeId b, NodeId c) {
        // XOR form: d(a, b) = d(a, c) XOR d(c, b), which is at most d(a, c) + d(c, b).
        assertThat(a.xor(b)).isEqualTo(a.xor(c).xor(c.xor(b)));
        assertThat(distance(a, b)).isLessThanOrEqualTo(distance(a, c).add(distance(c, b)));
    }

    @Property
    void compareDistanceAgreesWithTheIntegerDistances(@ForAll("ids") NodeId target, @ForAll("ids") NodeId a,
                                                       @ForAll("ids") NodeId b) {
        assertThat(Integer.signum(target.compareDistance(a, b)))
                .isEqualTo(distance(target, a).compareTo(distance(target, b)));
    }

    @Property
    void compareDistanceAgreesWithTheIntegerDistancesForNearIds(@ForAll("nearTriples") List<NodeId> ids) {
        NodeId target = ids.get(0);
        NodeId a = ids.get(1);
        NodeId b = ids.get(2);
        assertThat(Integer.signum(target.compareDistance(a, b)))
                .isEqualTo(distance(target, a).compareTo(distance(target, b)));
        assertThat(Integer.signum(a.compareDistance(target, b)))
                .isEqualTo(distance(a, target).compareTo(distance(a, b)));
    }

    /** For any target, "closer to target" is a strict total order: the order a lookup relies on. */
    @Property
    void compareDistanceIsATotalOrder(@ForAll("ids") NodeId target, @ForAll("ids") NodeId a,
                                      @ForAll("ids") NodeId b, @ForAll("ids") NodeId c) {
        // Reflexive and total: equal distance only for the same id.
        assertThat(target.compareDistance(a, a)).isZero();
        assertThat(target.compareDistance(a, b) == 0).isEqualTo(a.equals(b));
        // Antisymmetric.
        assertThat(Integer.signum(target.compareDistance(a, b)))
                .isEqualTo(-Integer.signum(target.compareDistance(b, a)));
        // Transitive, over every ordering of the three.
        List<NodeId> three = List.of(a, b, c);
        for (NodeId x : three) {
            for (NodeId y : three) {
                for (NodeId z : three) {
                    if (target.compareDistance(x, y) <= 0 && target.compareDistance(y, z) <= 0) {
                        assertThat(target.compareDistance(x, z)).isLessThanOrEqualTo(0);
                    }
                }
            }
        }
    }

    @Property(tries = 200)
    void sortingByCompareDistanceSortsByIntegerDistance(@ForAll("ids") NodeId target,
                                                        @ForAll @Size(min = 2, max = 40) List<@net.jqwik.api.From("ids") NodeId> ids) {
        List<NodeId> sorted = new ArrayList<>(ids);
        sorted.sort(target::compareDistance);
        List<NodeId> model = new ArrayList<>(ids);
        model.sort(Comparator.comparing(id -> distance(target, id)));
        assertThat(sorted).containsExactlyElementsOf(model);
    }

    /** For a fixed a and a distance d there is exactly one b with d(a, b) = d: b = a XOR d. */
    @Property
    void exactlyOneIdLiesAtAGivenDistance(@ForAll("ids") NodeId a, @ForAll("ids") NodeId d, @ForAll("ids") NodeId c) {
        NodeId b = a.xor(d);
        assertThat(a.xor(b)).isEqualTo(d);
        assertThat(b.xor(d)).isEqualTo(a);
        // Any id at that same distance is b itself.
        assertThat(a.xor(c).equals(d)).isEqualTo(c.equals(b));
        // Seen from any target, two ids at the same distance are the same id.
        assertThat(a.compareDistance(b, c) == 0).isEqualTo(b.equals(c));
    }

    @Property
    void distinctIdsLieAtDistinctDistances(@ForAll("nearTriples") List<NodeId> ids) {
        NodeId a = ids.get(0);
        NodeId b = ids.get(1);
        NodeId c = ids.get(2);
        assertThat(a.xor(b).equals(a.xor(c))).isEqualTo(b.equals(c));
    }

    @Property
    void bucketIndexIsConsistentWithTheCommonPrefix(@ForAll("ids") NodeId a, @ForAll("ids") NodeId b) {
        int prefix = a.commonPrefixLength(b);
        assertThat(prefix).isBetween(0, NodeId.BITS);
        assertThat(a.bucketIndexOf(b)).isEqualTo(NodeId.BITS - 1 - prefix);
        // The bucket is floor(log2(distance)), -1 for distance zero.
        assertThat(a.bucketIndexOf(b)).isEqualTo(distance(a, b).bitLength() - 1);
        for (int i = 0; i < prefix; i++) {
            assertThat(a.bit(i)).as("shared bit %d", i).isEqualTo(b.bit(i));
        }
        if (prefix < NodeId.BITS) {
            assertThat(a.bit(prefix)).as("first differing bit").isNotEqualTo(b.bit(prefix));
        }
    }

    @Property
    void bucketIndexIsConsistentWithTheCommonPrefixForNearIds(@ForAll("nearTriples") List<NodeId> ids) {
        NodeId a = ids.get(0);
        for (NodeId b : ids) {
            assertThat(a.bucketIndexOf(b)).isEqualTo(NodeId.BITS - 1 - a.commonPrefixLength(b));
            assertThat(a.bucketIndexOf(b)).isEqualTo(distance(a, b).bitLength() - 1);
        }
    }

    @Property(tries = 200)
    void randomInBucketLandsInThatBucketForEveryBucket(@ForAll("ids") NodeId self, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < NodeId.BITS; i++) {
            NodeId id = NodeId.randomInBucket(self, i, random);
            assertThat(self.bucketIndexOf(id)).as("bucket %d", i).isEqualTo(i);
            BigInteger d = distance(self, id);
            assertThat(d).as("distance in [2^%d, 2^%d)", i, i + 1)
                    .isGreaterThanOrEqualTo(BigInteger.ONE.shiftLeft(i))
                    .isLessThan(BigInteger.ONE.shiftLeft(i + 1));
        }
    }

    /** The low bits below the bucket's leading one are random, not stuck: both values of each appear. */
    @Property(tries = 20)
    void randomInBucketCoversTheWholeBucket(@ForAll("ids") NodeId self, @ForAll @IntRange(min = 1, max = 159) int bucket,
                                            @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BigInteger seenOnes = BigInteger.ZERO;
        BigInteger seenZeros = BigInteger.ZERO;
        BigInteger mask = BigInteger.ONE.shiftLeft(bucket).subtract(BigInteger.ONE);
        for (int n = 0; n < 200; n++) {
            BigInteger d = distance(self, NodeId.randomInBucket(self, bucket, random));
            seenOnes = seenOnes.or(d.and(mask));
            seenZeros = seenZeros.or(d.not().and(mask));
        }
        assertThat(seenOnes).isEqualTo(mask);
        assertThat(seenZeros).isEqualTo(mask);
    }

    @Property(tries = 20)
    void randomInBucketRejectsIndexesOutsideTheIdSpace(@ForAll("ids") NodeId self) {
        SplittableRandom random = new SplittableRandom(1);
        assertThatThrownBy(() -> NodeId.randomInBucket(self, -1, random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeId.randomInBucket(self, NodeId.BITS, random))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
