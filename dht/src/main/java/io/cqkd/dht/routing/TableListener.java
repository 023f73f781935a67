package io.cqkd.dht.routing;

/** Hears what the table did on its own: evictions and buckets left without a live entry. On the node's loop. */
public interface TableListener {
    TableListener NONE = new TableListener() {};

    /** {@code gone} left its bucket; {@code replacement} took its place, or null. */
    default void evicted(RoutingEntry gone, RoutingEntry replacement) {}

    /** {@code candidate}, a replacement, must answer a ping before it takes the place left in its bucket. */
    default void candidateWaiting(RoutingEntry candidate) {}

    /** Bucket {@code index} has no entry left that is not bad. */
    default void bucketEmptied(int index) {}
}
