package io.cqkd.wire;

import java.math.BigInteger;
import java.security.spec.EdECPoint;

/**
 * Converts between the JDK's {@link EdECPoint} and the 32-byte public key of RFC 8032 section 5.1.2
 * that travels in BEP 44's "k" field: y in little-endian order, with the parity of x in the top bit
 * of the last byte.
 */
final class Ed25519PointCodec {
    static final int KEY_BYTES = 32;

    /** The field prime 2^255 - 19; a y at or above it is a non-canonical encoding, which RFC 8032 rejects. */
    private static final BigInteger FIELD_PRIME = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

    private Ed25519PointCodec() {
    }

    static byte[] encode(EdECPoint point) {
        byte[] bigEndian = point.getY().toByteArray(); // may carry a leading sign byte, never more than 33 bytes
        byte[] out = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES && i < bigEndian.length; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        if (point.isXOdd()) {
            out[KEY_BYTES - 1] |= (byte) 0x80;
        }
        return out;
    }

    /** The point, or null when {@code key} is not a canonical encoding. */
    static EdECPoint decode(byte[] key) {
        if (key.length != KEY_BYTES) {
            return null;
        }
        boolean xOdd = (key[KEY_BYTES - 1] & 0x80) != 0;
        byte[] bigEndian = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES; i++) {
            bigEndian[i] = key[KEY_BYTES - 1 - i];
        }
        bigEndian[0] &= 0x7F;
        BigInteger y = new BigInteger(1, bigEndian);
        if (y.compareTo(FIELD_PRIME) >= 0) {
            return null;
        }
        return new EdECPoint(xOdd, y);
    }
}
