package io.cqkd.dht.async;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code capacity} most recently added items, at most one per key, oldest first. Adding an item
 * whose key is already present moves it to the newest end (it was seen again); adding past capacity
 * forgets the oldest. Used wherever a node remembers "the last few" of something: good peers to
 * re-join through, a bucket's replacement candidates, a region's recent joiners.
 *
 * <p>Not thread-safe: confined to its owner's loop. Operations are O(1) except {@link #pollNewest},
 * which is O(size) (the sets are small: tens of items).
 */
public final class RecentSet<K, V> {
    private final int capacity;
    private final Function<V, K> keyOf;
    private final LinkedHashMap<K, V> items = new LinkedHashMap<>();

    /** Items identified by {@code keyOf}; at most {@code capacity} of them. */
    public RecentSet(int capacity, Function<V, K> keyOf) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.keyOf = keyOf;
    }

    /** Items that are their own key. */
    public static <T> RecentSet<T, T> of(int capacity) {
        return new RecentSet<>(capacity, Function.identity());
    }

    /** Adds {@code item} as the newest (replacing an item of the same key); returns how many were forgotten. */
    public int add(V item) {
        K key = keyOf.apply(item);
        items.remove(key);
        items.put(key, item);
        int forgotten = 0;
        Iterator<K> oldest = items.keySet().iterator();
        while (items.size() > capacity) {
            oldest.next();
            oldest.remove();
            forgotten++;
        }
        return forgotten;
    }

    /** Removes the item of {@code key}; returns it, or null. */
    public V remove(K key) {
        return items.remove(key);
    }

    public boolean contains(K key) {
        return items.containsKey(key);
    }

    /** Removes and returns the newest item, or null when empty. */
    public V pollNewest() {
        V newest = null;
        K newestKey = null;
        for (Map.Entry<K, V> e : items.entrySet()) {
            newestKey = e.getKey();
            newest = e.getValue();
        }
        if (newestKey != null) {
            items.remove(newestKey);
        }
        return newest;
    }

    /** The items, oldest first (a copy). */
    public List<V> oldestFirst() {
        return new ArrayList<>(items.values());
    }

    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public int capacity() {
        return capacity;
    }
}
