package io.cqkd.dht;

import io.cqkd.dht.lookup.LookupResult;

/**
 * How a join went.
 *
 * @param seedsAnswered bootstrap addresses that answered our ping
 * @param selfLookupNanos time until the lookup of our own id finished (the usual "ready" moment)
 * @param totalNanos time until the bucket refreshes finished too
 * @param bucketsRefreshed refresh lookups made for buckets farther than our closest neighbour
 */
public record BootstrapResult(int seedsAnswered, int tableSize, long selfLookupNanos, long totalNanos,
                              int bucketsRefreshed, LookupResult selfLookup) {}
