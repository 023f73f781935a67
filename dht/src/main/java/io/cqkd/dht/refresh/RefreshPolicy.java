package io.cqkd.dht.refresh;

import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.dht.routing.TableView;
import java.util.List;

/**
 * Which buckets a node refreshes, and when: the seam of phase 5 (adaptive and event-driven refresh).
 * A refresh is a lookup of a random id in the bucket, which fills it with live nodes and proves the
 * old ones alive. Asked on the node's loop: once after the join, and at every maintenance round.
 * Event-driven refresh subscribes to the node's events and calls {@code DhtNode.refreshBuckets}.
 */
public interface RefreshPolicy {
    /** Buckets to refresh once the join's own-id lookup is done, in order. */
    List<Integer> afterJoin(TableView table, long nowNanos);

    /** Buckets to refresh at this maintenance round, in order; bounded. */
    List<Integer> due(TableView table, long nowNanos);

    /** A refresh of {@code bucket} finished (the lookup's result, or null when it failed). */
    default void refreshed(int bucket, LookupResult result) {}
}
