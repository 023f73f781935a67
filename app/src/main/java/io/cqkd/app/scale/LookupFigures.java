package io.cqkd.app.scale;

import io.cqkd.dht.lookup.LookupResult;
import java.util.Arrays;
import java.util.List;

/** What a batch of lookups measured, the same way in every scenario. */
record LookupFigures(int found, double meanHops, int p99Hops, double meanQueries) {

    static LookupFigures of(List<LookupResult> results) {
        int[] hops = results.stream().mapToInt(LookupResult::hops).sorted().toArray();
        return new LookupFigures((int) results.stream().filter(LookupResult::foundTarget).count(),
                Arrays.stream(hops).average().orElse(0),
                hops.length == 0 ? 0 : hops[(int) Math.ceil(0.99 * hops.length) - 1],
                results.stream().mapToInt(LookupResult::queried).average().orElse(0));
    }
}
