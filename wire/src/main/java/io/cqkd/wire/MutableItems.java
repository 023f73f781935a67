package io.cqkd.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The byte-exact constructions of BEP 44 (storing arbitrary data in the DHT): the buffer a mutable
 * item's signature covers and the targets under which items are stored.
 *
 * <p>Sizes are checked here, against BEP 44's limits, so that no oversized item is ever signed,
 * verified or stored; a violation is a {@link MalformedFieldException} naming the BEP 44 field
 * ("k", "salt" or "v").
 */
public final class MutableItems {
    /** Largest bencoded "v" BEP 44 allows. */
    public static final int MAX_VALUE_BYTES = 1000;
    /** Largest "salt" BEP 44 allows. */
    public static final int MAX_SALT_BYTES = 64;

    private static final byte[] SALT_PREFIX = "4:salt".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEQ_PREFIX = "3:seqi".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUE_PREFIX = "e1:v".getBytes(StandardCharsets.US_ASCII);

    private MutableItems() {
    }

    /**
     * The bytes a mutable item's signature covers: {@code 4:salt<len>:<salt>} only when the salt is
     * non-empty, then {@code 3:seqi<seq>e1:v<bencoded v>}. This is the inside of a bencoded dictionary
     * without its "d" and "e", exactly as BEP 44 spells it.
     *
     * @param salt null or empty for an item without salt
     */
    public static byte[] signatureBuffer(byte[] salt, long seq, BValue v) {
        byte[] value = encodeValue(v);
        byte[] saltPart = salt == null || salt.length == 0
                ? new byte[0]
                : Bencode.encode(BString.of(checkSalt(salt)));
        byte[] seqDigits = Long.toString(seq).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[(saltPart.length > 0 ? SALT_PREFIX.length + saltPart.length : 0)
                + SEQ_PREFIX.length + seqDigits.length + VALUE_PREFIX.length + value.length];
        int pos = 0;
        if (saltPart.length > 0) {
            pos = append(out, pos, SALT_PREFIX);
            pos = append(out, pos, saltPart);
        }
        pos = append(out, pos, SEQ_PREFIX);
        pos = append(out, pos, seqDigits);
        pos = append(out, pos, VALUE_PREFIX);
        append(out, pos, value);
        return out;
    }

    /** Where a mutable item is stored: SHA-1 of the public key followed by the salt. */
    public static NodeId mutableTarget(byte[] publicKey, byte[] salt) {
        if (publicKey.length != Ed25519PointCodec.KEY_BYTES) {
            throw new MalformedFieldException("k", "expected a byte string of 32 bytes, got " + publicKey.length);
        }
        MessageDigest sha1 = sha1();
        sha1.update(publicKey);
        if (salt != null) {
            sha1.update(checkSalt(salt));
        }
        return NodeId.of(sha1.digest());
    }

    /** Where an immutable item is stored: SHA-1 of its bencoded value. */
    public static NodeId immutableTarget(BValue v) {
        return NodeId.of(sha1().digest(encodeValue(v)));
    }

    private static byte[] encodeValue(BValue v) {
        int length = Bencode.encodedLength(v);
        if (length > MAX_VALUE_BYTES) {
            throw new MalformedFieldException("v", "expected at most " + MAX_VALUE_BYTES
                    + " bencoded bytes, got " + length);
        }
        return Bencode.encode(v);
    }

    private static byte[] checkSalt(byte[] salt) {
        if (salt.length > MAX_SALT_BYTES) {
            throw new MalformedFieldException("salt", "expected at most " + MAX_SALT_BYTES
                    + " bytes, got " + salt.length);
        }
        return salt;
    }

    private static int append(byte[] out, int pos, byte[] part) {
        System.arraycopy(part, 0, out, pos, part.length);
        return pos + part.length;
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK must provide SHA-1", e);
        }
    }
}
