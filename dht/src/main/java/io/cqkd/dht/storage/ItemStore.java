package io.cqkd.dht.storage;

import io.cqkd.wire.BValue;
import io.cqkd.wire.Bencode;
import io.cqkd.wire.Ed25519Verifier;
import io.cqkd.wire.MutableItems;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.PutQuery;
import java.util.HashMap;
import java.util.Map;

/**
 * BEP 44 items held by one node, under their targets. Immutable items are keyed by the hash of
 * their value, mutable ones by the hash of key and salt and guarded by signature, sequence number and
 * compare-and-swap. Bounded in count; items expire a time-to-live after their last put.
 */
public final class ItemStore {
    private final int maxItems;
    private final long ttlNanos;
    private final Map<NodeId, StoredItem> items = new HashMap<>();

    public ItemStore(int maxItems, long ttlNanos) {
        this.maxItems = maxItems;
        this.ttlNanos = ttlNanos;
    }

    public PutOutcome put(PutQuery put, long nowNanos) {
        if (Bencode.encodedLength(put.value()) > MutableItems.MAX_VALUE_BYTES) {
            return PutOutcome.MESSAGE_TOO_BIG;
        }
        if (!put.isMutable()) {
            return store(MutableItems.immutableTarget(put.value()),
                    new StoredItem(put.value(), null, null, null, 0, nowNanos), nowNanos);
        }
        byte[] salt = put.salt() == null ? new byte[0] : put.salt();
        if (salt.length > MutableItems.MAX_SALT_BYTES) {
            return PutOutcome.SALT_TOO_BIG;
        }
        byte[] signed = MutableItems.signatureBuffer(salt, put.seq(), put.value());
        if (!Ed25519Verifier.verify(put.publicKey(), signed, put.signature())) {
            return PutOutcome.INVALID_SIGNATURE;
        }
        NodeId target = MutableItems.mutableTarget(put.publicKey(), salt);
        StoredItem existing = live(target, nowNanos);
        if (existing != null) {
            if (put.cas() != null && put.cas() != existing.seq()) {
                return PutOutcome.CAS_MISMATCH;
            }
            boolean sameValue = put.seq() == existing.seq() && existing.value().equals(put.value());
            if (put.seq() < existing.seq() || (put.seq() == existing.seq() && !sameValue)) {
                return PutOutcome.SEQUENCE_TOO_LOW;
            }
        }
        return store(target, new StoredItem(put.value(), put.publicKey(), put.signature(), salt, put.seq(), nowNanos),
                nowNanos);
    }

    /** The live item under {@code target}, or null. */
    public StoredItem get(NodeId target, long nowNanos) {
        return live(target, nowNanos);
    }

    public int size() {
        return items.size();
    }

    private PutOutcome store(NodeId target, StoredItem item, long nowNanos) {
        if (!items.containsKey(target) && items.size() >= maxItems) {
            items.values().removeIf(i -> expired(i, nowNanos));
            if (items.size() >= maxItems) {
                return PutOutcome.STORE_FULL;
            }
        }
        items.put(target, item);
        return PutOutcome.STORED;
    }

    private StoredItem live(NodeId target, long nowNanos) {
        StoredItem item = items.get(target);
        if (item != null && expired(item, nowNanos)) {
            items.remove(target);
            return null;
        }
        return item;
    }

    private boolean expired(StoredItem item, long nowNanos) {
        return nowNanos - item.storedAtNanos() > ttlNanos;
    }
}
