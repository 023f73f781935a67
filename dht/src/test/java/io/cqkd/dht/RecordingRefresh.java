package io.cqkd.dht;

import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.dht.refresh.RefreshPolicy;
import io.cqkd.dht.routing.TableView;
import java.util.ArrayList;
import java.util.List;

/** A refresh policy that asks for the bucket just past the closest one at every round, and records what it hears. */
final class RecordingRefresh implements RefreshPolicy {
    int roundsAsked;
    final List<Integer> requested = new ArrayList<>();
    final List<Integer> refreshed = new ArrayList<>();
    int refreshesThatFoundNodes;

    @Override
    public List<Integer> afterJoin(TableView table, long nowNanos) {
        return List.of();
    }

    @Override
    public List<Integer> due(TableView table, long nowNanos) {
        roundsAsked++;
        int bucket = table.closestBucketIndex() + 1;
        requested.add(bucket);
        return List.of(bucket);
    }

    @Override
    public void refreshed(int bucket, LookupResult result) {
        refreshed.add(bucket);
        if (result != null && !result.closest().isEmpty()) {
            refreshesThatFoundNodes++;
        }
    }
}
