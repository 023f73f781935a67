package io.cqkd.keygen;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The sorting rule Alice and Bob share: a run's operations are told to Bob ordered by
 * SHA-256(pid, op), so that the order of the sifted key follows neither the workers' answers nor
 * the operations' numbers.
 */
final class SortingRule {
    private SortingRule() {
    }

    /** Operation {@code op}'s place in run {@code pid}'s order: compare keys as unsigned bytes. */
    static byte[] key(byte[] pid, int op) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(pid);
            sha.update(ByteBuffer.allocate(4).putInt(op).array());
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
