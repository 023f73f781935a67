package io.cqkd.dht.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IpDiversityTest {
    private final NodeId self = NodeId.random(new SplittableRandom(1));
    private final SplittableRandom random = new SplittableRandom(2);

    private RoutingTable table(IpDiversity diversity) {
        return new RoutingTable(self, 8, () -> new Bep5Liveness(1_000_000, 2), TableListener.NONE, diversity);
    }

    /** Answers from {@code count} nodes of the block {@code prefix}.x, spread over the buckets. */
    private void answers(RoutingTable table, String prefix, int count) {
        for (int i = 1; i <= count; i++) {
            table.onResponse(new Contact(NodeId.random(random), new InetSocketAddress(prefix + "." + i, 6881)), 1, -1);
        }
    }

    /** {@code count} answers from nodes of one bucket (the farthest: half the id space), all of {@code prefix}.x. */
    private void answersInOneBucket(RoutingTable table, String prefix, int count) {
        for (int i = 1; i <= count; i++) {
            NodeId id = NodeId.randomInBucket(self, NodeId.BITS - 1, random);
            table.onResponse(new Contact(id, new InetSocketAddress(prefix + "." + (100 + i), 6881)), 1, -1);
        }
    }

    @Test
    void onePublicSlash24HoldsAtMostThreeEntriesOfATableAndTwoOfABucket() {
        RoutingTable table = table(IpDiversity.ON);
        answers(table, "203.0.113", 40);
        assertThat(table.size()).isEqualTo(IpDiversity.PER_TABLE);
        assertThat(table.diversityRefusals()).isEqualTo(40 - IpDiversity.PER_TABLE);

        RoutingTable oneBucket = table(IpDiversity.ON);
        answersInOneBucket(oneBucket, "198.51.100", 6);
        assertThat(oneBucket.bucketSize(NodeId.BITS - 1)).isEqualTo(IpDiversity.PER_BUCKET);
        answersInOneBucket(oneBucket, "192.0.2", 6);
        assertThat(oneBucket.bucketSize(NodeId.BITS - 1)).as("another block has its own share").isEqualTo(4);
    }

    @Test
    void loopbackPrivateAndSharedRangesAreNotLimitedNorIsATableWithoutTheLimit() {
        RoutingTable table = table(IpDiversity.ON);
        answersInOneBucket(table, "127.0.0", 8);
        answersInOneBucket(table, "10.1.2", 8);
        answersInOneBucket(table, "192.168.7", 8);
        answersInOneBucket(table, "100.64.1", 8);
        assertThat(table.diversityRefusals()).isZero();
        RoutingTable off = table(IpDiversity.OFF);
        answers(off, "203.0.113", 40);
        assertThat(off.size()).isGreaterThan(IpDiversity.PER_TABLE);
        assertThat(off.diversityRefusals()).isZero();
    }
}
