package io.cqkd.dht.storage;

import io.cqkd.wire.BValue;

/**
 * A BEP 44 item as stored: the value, and for a mutable item the key, signature, salt and sequence
 * number that prove who wrote it.
 */
public record StoredItem(BValue value, byte[] publicKey, byte[] signature, byte[] salt, long seq, long storedAtNanos) {
    public boolean isMutable() {
        return publicKey != null;
    }
}
