package io.cqkd.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class NodeIdTest {

    @Test
    void bytesAndHexRoundTrip() {
        String hex = "0123456789abcdef0123456789abcdef01234567";
        NodeId id = NodeId.fromHex(hex);
        assertThat(id.toHex()).isEqualTo(hex);
        assertThat(NodeId.of(id.toBytes())).isEqualTo(id);
        assertThat(id.bit(7)).isTrue();  // 0x01: last bit of the first byte
        assertThat(id.bit(0)).isFalse();
        assertThat(id.bit(159)).isTrue(); // 0x67 ends in 1
    }

    @Property
    void aRandomIdInABucketLandsInThatBucket(@ForAll long seed, @ForAll @IntRange(min = 0, max = 159) int bucket) {
        Random random = new Random(seed);
        NodeId self = NodeId.random(random);
        NodeId other = NodeId.randomInBucket(self, bucket, random);
        assertThat(self.bucketIndexOf(other)).isEqualTo(bucket);
    }

    @Property
    void xorDistanceOrdersLikeCommonPrefixes(@ForAll long seed) {
        Random random = new Random(seed);
        NodeId target = NodeId.random(random);
        NodeId a = NodeId.random(random);
        NodeId b = NodeId.random(random);
        int byPrefix = Integer.compare(target.commonPrefixLength(b), target.commonPrefixLength(a));
        if (byPrefix != 0) {
            assertThat(Integer.signum(target.compareDistance(a, b))).isEqualTo(byPrefix);
        }
        assertThat(target.compareDistance(a, a)).isZero();
        assertThat(target.bucketIndexOf(target)).isEqualTo(-1);
    }
}
