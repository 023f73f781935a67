package io.cqkd.app.scale;

import java.util.Arrays;
import java.util.List;

/** One implementation's row in the side-by-side table: its runs summarised. */
public record ImplementationRow(String implementation, int runs, long bootstrapMillisMedian, long bootstrapMillisMin,
                                long bootstrapMillisMax, int lookups, int found, double lookupSuccess,
                                double meanRoutingTableSize, long heapBytes, long rssBytes, long heapBytesPerNode,
                                long rssBytesPerNode, List<RunFigures> details) {

    public static ImplementationRow of(List<RunFigures> runs) {
        long[] bootstrap = runs.stream().mapToLong(RunFigures::bootstrapMillis).sorted().toArray();
        int lookups = runs.stream().mapToInt(RunFigures::lookups).sum();
        int found = runs.stream().mapToInt(RunFigures::found).sum();
        long heap = median(runs.stream().mapToLong(RunFigures::heapBytes).toArray());
        long rss = median(runs.stream().mapToLong(RunFigures::rssBytes).toArray());
        int nodes = runs.get(0).workers() + 1;
        return new ImplementationRow(runs.get(0).implementation(), runs.size(), median(bootstrap), bootstrap[0],
                bootstrap[bootstrap.length - 1], lookups, found, lookups == 0 ? 0 : (double) found / lookups,
                runs.stream().mapToDouble(RunFigures::meanRoutingTableSize).average().orElse(0), heap, rss,
                heap / nodes, rss / nodes, List.copyOf(runs));
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
