package io.cqkd.wire;

import java.util.List;
import java.util.Objects;

/**
 * Canonical bencoding (BEP 3): the encoder writes dictionary keys sorted and integers without
 * padding, and the decoder accepts nothing else, so {@code encode(decode(b))} is always {@code b}.
 * BEP 44 hashes and signs bencoded bytes, which only works if every node agrees on one spelling.
 */
public final class Bencode {

    private Bencode() {
    }

    public static byte[] encode(BValue value) {
        byte[] out = new byte[encodedLength(value, 1)];
        int end = write(value, out, 0);
        assert end == out.length;
        return out;
    }

    /** Length of {@code encode(value)} without building it; handy for size limits such as BEP 44's. */
    public static int encodedLength(BValue value) {
        return encodedLength(value, 1);
    }

    public static BValue decode(byte[] data) {
        return decode(data, 0, data.length, BencodeLimits.DEFAULT);
    }

    /**
     * Decodes exactly one value filling {@code data[offset, offset + length)}.
     *
     * @throws BencodeException for any input that is not one canonical value within {@code limits};
     *     its offset counts from {@code offset}
     */
    public static BValue decode(byte[] data, int offset, int length, BencodeLimits limits) {
        Objects.checkFromIndexSize(offset, length, data.length);
        return new BencodeDecoder(data, offset, length, limits).decodeWhole();
    }

    // Values built in memory are not bounded by BencodeLimits; this keeps encoding from overflowing
    // the stack on a runaway structure, and overflowing int on a runaway size.
    private static int encodedLength(BValue value, int depth) {
        if (depth > BencodeLimits.DEPTH_CEILING) {
            throw new IllegalArgumentException("value nested deeper than " + BencodeLimits.DEPTH_CEILING);
        }
        long length;
        if (value instanceof BInt i) {
            length = 2 + digitCount(i.value());
        } else if (value instanceof BString s) {
            length = digitCount(s.length()) + 1L + s.length();
        } else if (value instanceof BList list) {
            length = 2;
            for (BValue item : list.items()) {
                length += encodedLength(item, depth + 1);
            }
        } else {
            BDict dict = (BDict) value;
            length = 2;
            BString[] keys = dict.internalKeys();
            BValue[] values = dict.internalValues();
            for (int k = 0; k < keys.length; k++) {
                length += encodedLength(keys[k], depth + 1) + (long) encodedLength(values[k], depth + 1);
            }
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("value too large to encode: " + length + " bytes");
        }
        return (int) length;
    }

    private static int write(BValue value, byte[] out, int pos) {
        if (value instanceof BInt i) {
            out[pos++] = 'i';
            pos = writeDecimal(i.value(), out, pos);
            out[pos++] = 'e';
        } else if (value instanceof BString s) {
            pos = writeString(s, out, pos);
        } else if (value instanceof BList list) {
            out[pos++] = 'l';
            List<BValue> items = list.items();
            for (BValue item : items) {
                pos = write(item, out, pos);
            }
            out[pos++] = 'e';
        } else {
            BDict dict = (BDict) value;
            out[pos++] = 'd';
            BString[] keys = dict.internalKeys();
            BValue[] values = dict.internalValues();
            for (int k = 0; k < keys.length; k++) {
                pos = writeString(keys[k], out, pos);
                pos = write(values[k], out, pos);
            }
            out[pos++] = 'e';
        }
        return pos;
    }

    private static int writeString(BString s, byte[] out, int pos) {
        byte[] bytes = s.internalBytes();
        pos = writeDecimal(bytes.length, out, pos);
        out[pos++] = ':';
        System.arraycopy(bytes, 0, out, pos, bytes.length);
        return pos + bytes.length;
    }

    private static int writeDecimal(long value, byte[] out, int pos) {
        int digits = digitCount(value);
        int end = pos + digits;
        // Work on the negative magnitude so that Long.MIN_VALUE needs no special case.
        long negative = value < 0 ? value : -value;
        int at = end;
        do {
            out[--at] = (byte) ('0' - (negative % 10));
            negative /= 10;
        } while (negative != 0);
        if (value < 0) {
            out[pos] = '-';
        }
        return end;
    }

    /** Characters in the decimal form of {@code value}, sign included. */
    private static int digitCount(long value) {
        int count = value < 0 ? 2 : 1;
        long negative = value < 0 ? value : -value;
        while (negative <= -10) {
            negative /= 10;
            count++;
        }
        return count;
    }
}
