package io.cqkd.dht.async;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The {@code capacity} most recently added items, at most one per key, oldest first. Adding an item
 * whose key is already present moves it to the newest end (it was seen again); adding past capacity
 * forgets the oldest. Used wherever a node remembers "the last few" of something: good peers to
 * re-join through, a bucket's replacement candidates, a region's recent joiners.
 *
 * <p>Built for small sets (tens of items) held by the thousand: one array, allocated at the first
 * add and grown by doubling up to the capacity, searched linearly (cheaper than hashing at this
 * size, and 4 bytes an item instead of a map entry's 40). Not thread-safe: confined to its owner's
 * loop.
 */
public final class RecentSet<K, V> {
    private final int capacity;
    private final Function<V, K> keyOf;
    /** Items oldest first in [0, size); null until the first add. */
    private Object[] items;
    private int size;

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
        int existing = indexOf(keyOf.apply(item));
        if (existing >= 0) {
            removeAt(existing);
        }
        int forgotten = 0;
        if (size == capacity) {
            removeAt(0);
            forgotten = 1;
        }
        if (items == null) {
            items = new Object[Math.min(capacity, 4)];
        } else if (size == items.length) {
            items = Arrays.copyOf(items, Math.min(capacity, 2 * items.length));
        }
        items[size++] = item;
        return forgotten;
    }

    /** Removes the item of {@code key}; returns it, or null. */
    public V remove(K key) {
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        V item = at(i);
        removeAt(i);
        return item;
    }

    public boolean contains(K key) {
        return indexOf(key) >= 0;
    }

    /** Removes and returns the newest item, or null when empty. */
    public V pollNewest() {
        if (size == 0) {
            return null;
        }
        V newest = at(size - 1);
        items[--size] = null;
        return newest;
    }

    /** The items, oldest first (a copy). */
    public List<V> oldestFirst() {
        List<V> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(at(i));
        }
        return out;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int capacity() {
        return capacity;
    }

    private int indexOf(K key) {
        for (int i = 0; i < size; i++) {
            if (Objects.equals(keyOf.apply(at(i)), key)) {
                return i;
            }
        }
        return -1;
    }

    private void removeAt(int i) {
        System.arraycopy(items, i + 1, items, i, size - i - 1);
        items[--size] = null;
    }

    @SuppressWarnings("unchecked")
    private V at(int i) {
        return (V) items[i];
    }
}
