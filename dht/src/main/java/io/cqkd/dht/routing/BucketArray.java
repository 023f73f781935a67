package io.cqkd.dht.routing;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads over a routing table's array of buckets (null where a bucket was never used). */
final class BucketArray {
    private BucketArray() {
    }

    /** The index of the first non-empty bucket (the nearest to us), or -1 when all are empty. */
    static int closestNonEmpty(KBucket[] buckets) {
        for (int i = 0; i < buckets.length; i++) {
            if (buckets[i] != null && buckets[i].size() > 0) {
                return i;
            }
        }
        return -1;
    }

    static int replacementCount(KBucket[] buckets) {
        return Arrays.stream(buckets).mapToInt(b -> b == null ? 0 : b.replacementCount()).sum();
    }

    /** Each non-empty bucket's entries, copied, by index. */
    static Map<Integer, List<RoutingEntry>> snapshot(KBucket[] buckets) {
        Map<Integer, List<RoutingEntry>> out = new HashMap<>();
        for (int i = 0; i < buckets.length; i++) {
            if (buckets[i] != null && buckets[i].size() > 0) {
                out.put(i, List.copyOf(buckets[i].entries()));
            }
        }
        return out;
    }
}
