package io.cqkd.dht.routing;

import io.cqkd.wire.NodeId;
import java.util.List;
import java.util.Map;

/**
 * What policies, metrics and tests may read of a routing table: nothing here changes it. Read it on
 * the node's loop only (the table is not thread-safe).
 */
public interface TableView {
    NodeId self();

    /** Bucket size. */
    int k();

    /** Entries in the main buckets, bad ones included until replaced. */
    int size();

    /** Entries of bucket {@code index} (XOR distance in [2^index, 2^(index+1))), bad ones included. */
    int bucketSize(int index);

    /** Index of the nearest non-empty bucket (where our closest neighbour is), or -1 when empty. */
    int closestBucketIndex();

    /** When bucket {@code index} last changed or was refreshed; {@link Long#MIN_VALUE} if it never existed. */
    long bucketChangedNanos(int index);

    boolean contains(NodeId id);

    /** The entry for {@code id}, or null. */
    RoutingEntry entry(NodeId id);

    NodeState stateOf(RoutingEntry entry, long nowNanos);

    List<RoutingEntry> entriesIn(NodeState state, long nowNanos);

    /** Every non-empty bucket's entries, by bucket index (a copy). */
    Map<Integer, List<RoutingEntry>> bucketsSnapshot();

    /** Entries waiting in the replacement caches. */
    int replacementCount();
}
