package io.cqkd.dht.routing;

import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * The nodes of a table closest to a target. Buckets map to disjoint distance intervals around any
 * target, so visiting the non-empty buckets in distance order and sorting only within a bucket
 * gives the closest nodes without sorting the whole table.
 */
final class ClosestNodes {
    private ClosestNodes() {}

    /** Up to {@code n} entries of {@code buckets} that {@code usable} accepts, closest to {@code target} first. */
    static List<Contact> find(NodeId self, KBucket[] buckets, NodeId target, int n, Predicate<RoutingEntry> usable) {
        if (n <= 0) {
            return List.of();
        }
        List<Contact> out = new ArrayList<>(n);
        List<RoutingEntry> scratch = new ArrayList<>();
        Comparator<RoutingEntry> byDistance = (a, b) -> target.compareDistance(a.id(), b.id());
        for (int bucketIndex : byDistance(self, target, i -> buckets[i] != null && buckets[i].size() > 0)) {
            scratch.clear();
            for (RoutingEntry e : buckets[bucketIndex].entries()) {
                if (usable.test(e)) {
                    scratch.add(e);
                }
            }
            scratch.sort(byDistance);
            for (RoutingEntry e : scratch) {
                out.add(e.contact());
                if (out.size() == n) {
                    return out;
                }
            }
        }
        return out;
    }

    /**
     * Bucket indexes of {@code self}'s table that {@code include} accepts, ordered by the distance of
     * their nodes to {@code target}. With D = target XOR self and b its highest set bit: bucket b
     * holds the nodes within 2^b of the target; then the buckets i < b where D has a one (clearing
     * that bit lands below D: higher i, closer); then those i < b where D has a zero (setting it lands
     * above D: lower i, closer); then the buckets above b.
     */
    static int[] byDistance(NodeId self, NodeId target, IntPredicate include) {
        int b = self.bucketIndexOf(target); // -1 when target is our own id
        int[] keys = new int[NodeId.BITS];
        int m = 0;
        for (int i = 0; i < NodeId.BITS; i++) {
            if (!include.test(i)) {
                continue;
            }
            int rank;
            if (i == b) {
                rank = 0;
            } else if (i < b) {
                rank = distanceBit(self, target, i) ? 1 + (b - i) : 200 + i;
            } else {
                rank = 400 + i;
            }
            keys[m++] = (rank << 8) | i;
        }
        Arrays.sort(keys, 0, m);
        int[] order = new int[m];
        for (int j = 0; j < m; j++) {
            order[j] = keys[j] & 0xFF;
        }
        return order;
    }

    /** Bit {@code i} (counted from the least significant) of target XOR self. */
    private static boolean distanceBit(NodeId self, NodeId target, int i) {
        int fromTop = NodeId.BITS - 1 - i;
        return target.bit(fromTop) != self.bit(fromTop);
    }
}
