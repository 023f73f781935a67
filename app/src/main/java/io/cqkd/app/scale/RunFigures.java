package io.cqkd.app.scale;

/**
 * What one run of the bootstrap scenario measured, for either implementation.
 *
 * @param bootstrapMillis wall time until every worker was ready (finished the lookup of its own id)
 * @param found lookups that reached their target
 * @param heapBytes heap in use after a full collection, network still up
 * @param rssBytes resident memory of the process running the nodes (for the JVM it includes what
 *     earlier runs in the same process left committed)
 * @param meanHops mean rounds of calls per lookup (0 where the implementation does not report it)
 */
public record RunFigures(String implementation, int workers, long bootstrapMillis, int lookups, int found,
                         double meanQueriesPerLookup, double meanRoutingTableSize, long heapBytes, long rssBytes,
                         double meanHops, int p99Hops) {}
