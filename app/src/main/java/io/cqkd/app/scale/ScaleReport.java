package io.cqkd.app.scale;

import java.util.Map;

/**
 * The JSON shape every scale-test scenario prints (fields documented in docs/cli.md). Scenarios add
 * their own figures under {@code extra}.
 */
public record ScaleReport(
        String scenario,
        String mode,
        int workers,
        int lookups,
        long found,
        double meanHops,
        int p99Hops,
        long bootstrapMillis,
        long wallMillis,
        long heapBytes,
        long seed,
        double loss,
        int joined,
        int failedJoins,
        double meanRoutingTableSize,
        Map<String, Object> extra) {}
