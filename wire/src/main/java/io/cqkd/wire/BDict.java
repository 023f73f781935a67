package io.cqkd.wire;

import java.util.AbstractList;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A bencoded dictionary: byte-string keys, iterated in ascending unsigned byte order (the order the
 * encoding requires).
 *
 * <p>Held as two sorted arrays rather than a map: KRPC dictionaries have a handful of keys, so a
 * binary search is as fast as hashing and the decoder can hand over its arrays without re-sorting.
 *
 * <p>The {@code require*} and {@code optional*} accessors turn a schema violation into a
 * {@link MalformedFieldException} naming the key, so message parsers need no checks of their own.
 */
public final class BDict implements BValue {
    private static final BDict EMPTY = new BDict(new BString[0], new BValue[0]);

    private final BString[] keys;
    private final BValue[] values;

    /** Trusts the caller: keys strictly ascending, arrays of equal length and owned by this dict. */
    BDict(BString[] keys, BValue[] values) {
        this.keys = keys;
        this.values = values;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this dictionary's entries, to extend or override some. */
    public Builder toBuilder() {
        Builder b = new Builder();
        for (int i = 0; i < keys.length; i++) {
            b.put(keys[i], values[i]);
        }
        return b;
    }

    public static BDict empty() {
        return EMPTY;
    }

    public int size() {
        return keys.length;
    }

    public boolean isEmpty() {
        return keys.length == 0;
    }

    /** The value under {@code key} (its UTF-8 bytes), or null when absent. */
    public BValue get(String key) {
        int index = indexOf(key);
        return index >= 0 ? values[index] : null;
    }

    public BValue get(BString key) {
        int index = Arrays.binarySearch(keys, key);
        return index >= 0 ? values[index] : null;
    }

    public boolean has(String key) {
        return indexOf(key) >= 0;
    }

    /** The keys in ascending unsigned byte order; an unmodifiable view. */
    public Set<BString> keys() {
        return new AbstractSet<>() {
            @Override
            public Iterator<BString> iterator() {
                return List.of(keys).iterator();
            }

            @Override
            public int size() {
                return keys.length;
            }

            @Override
            public boolean contains(Object o) {
                return o instanceof BString s && Arrays.binarySearch(keys, s) >= 0;
            }
        };
    }

    /** The entries in ascending key order; an unmodifiable view. */
    public List<Map.Entry<BString, BValue>> entries() {
        return new AbstractList<>() {
            @Override
            public Map.Entry<BString, BValue> get(int index) {
                return Map.entry(keys[index], values[index]);
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }

    public BString requireString(String key) {
        return as(BString.class, key, require(key));
    }

    /** The bytes of a string field that must have exactly {@code exactLength} bytes (ids, keys, signatures). */
    public byte[] requireBytes(String key, int exactLength) {
        BString s = requireString(key);
        if (s.length() != exactLength) {
            throw new MalformedFieldException(key,
                    "expected a byte string of " + exactLength + " bytes, got " + s.length());
        }
        return s.toBytes();
    }

    public long requireInt(String key) {
        return as(BInt.class, key, require(key)).value();
    }

    public BDict requireDict(String key) {
        return as(BDict.class, key, require(key));
    }

    public BList requireList(String key) {
        return as(BList.class, key, require(key));
    }

    /** Null when absent; throws when present but not a byte string. */
    public BString optionalString(String key) {
        return as(BString.class, key, get(key));
    }

    /** Null when absent; throws when present but not an integer. */
    public Long optionalInt(String key) {
        BInt i = as(BInt.class, key, get(key));
        return i == null ? null : i.value();
    }

    /** Null when absent; throws when present but not a dictionary. */
    public BDict optionalDict(String key) {
        return as(BDict.class, key, get(key));
    }

    /** Null when absent; throws when present but not a list. */
    public BList optionalList(String key) {
        return as(BList.class, key, get(key));
    }

    /** Keys for the encoder, which must not copy them; never handed outside this package. */
    BString[] internalKeys() {
        return keys;
    }

    BValue[] internalValues() {
        return values;
    }

    private BValue require(String key) {
        BValue v = get(key);
        if (v == null) {
            throw new MalformedFieldException(key, "missing");
        }
        return v;
    }

    private static <T extends BValue> T as(Class<T> type, String key, BValue v) {
        if (v == null || type.isInstance(v)) {
            return type.cast(v);
        }
        throw new MalformedFieldException(key, "expected " + kindOf(type) + ", got " + kindOf(v.getClass()));
    }

    private static String kindOf(Class<?> type) {
        if (type == BInt.class) {
            return "an integer";
        }
        if (type == BString.class) {
            return "a byte string";
        }
        if (type == BList.class) {
            return "a list";
        }
        return "a dictionary";
    }

    private int indexOf(String key) {
        int low = 0;
        int high = keys.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int c = keys[mid].compareToText(key);
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BDict d && Arrays.equals(keys, d.keys) && Arrays.equals(values, d.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(keys) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < keys.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(keys[i]).append('=').append(values[i]);
        }
        return sb.append('}').toString();
    }

    /** Collects entries in any order; a repeated key replaces the earlier value. */
    public static final class Builder {
        private final TreeMap<BString, BValue> entries = new TreeMap<>();

        private Builder() {
        }

        public Builder put(BString key, BValue value) {
            if (key == null || value == null) {
                throw new NullPointerException("bencode has no null: key " + key + ", value " + value);
            }
            entries.put(key, value);
            return this;
        }

        public Builder put(String key, BValue value) {
            return put(BString.utf8(key), value);
        }

        public Builder put(String key, long value) {
            return put(key, new BInt(value));
        }

        public Builder put(String key, byte[] value) {
            return put(key, BString.of(value));
        }

        public Builder put(String key, String utf8Value) {
            return put(key, BString.utf8(utf8Value));
        }

        public BDict build() {
            return new BDict(entries.keySet().toArray(new BString[0]), entries.values().toArray(new BValue[0]));
        }
    }
}
