package io.cqkd.dht.routing;

import io.cqkd.dht.async.RecentSet;
import io.cqkd.wire.NodeId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * At most k verified nodes sharing one distance class from us, and a replacement cache of at most k
 * verified nodes that did not fit, newest last, to take the place of nodes that go bad.
 */
final class KBucket {
    private final int capacity;
    private final List<RoutingEntry> entries;
    private final RecentSet<NodeId, RoutingEntry> replacements;
    private long lastChangedNanos;

    KBucket(int capacity, long createdNanos) {
        this.capacity = capacity;
        this.entries = new ArrayList<>(Math.min(capacity, 8));
        this.replacements = new RecentSet<>(capacity, RoutingEntry::id);
        this.lastChangedNanos = createdNanos;
    }

    List<RoutingEntry> entries() {
        return Collections.unmodifiableList(entries);
    }

    int size() {
        return entries.size();
    }

    boolean isFull() {
        return entries.size() >= capacity;
    }

    long lastChangedNanos() {
        return lastChangedNanos;
    }

    void touch(long nowNanos) {
        lastChangedNanos = nowNanos;
    }

    void add(RoutingEntry entry, long nowNanos) {
        if (isFull()) {
            throw new IllegalStateException("bucket full");
        }
        entries.add(entry);
        lastChangedNanos = nowNanos;
    }

    void replace(RoutingEntry old, RoutingEntry fresh, long nowNanos) {
        int index = entries.indexOf(old);
        entries.set(index, fresh);
        lastChangedNanos = nowNanos;
    }

    void remove(RoutingEntry entry) {
        entries.remove(entry);
    }

    /** Remembers a verified node that did not fit; the oldest falls out past capacity. */
    void offerReplacement(RoutingEntry entry) {
        replacements.add(entry);
    }

    void removeReplacement(NodeId id) {
        replacements.remove(id);
    }

    /**
     * The newest replacement that is {@code usable}, removed from the cache with the unusable ones
     * newer than it; null when there is none.
     */
    RoutingEntry takeReplacement(Predicate<RoutingEntry> usable) {
        RoutingEntry r = replacements.pollNewest();
        while (r != null && !usable.test(r)) {
            r = replacements.pollNewest();
        }
        return r;
    }

    int replacementCount() {
        return replacements.size();
    }
}
