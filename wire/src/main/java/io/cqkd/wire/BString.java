package io.cqkd.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A bencoded byte string: arbitrary bytes, not necessarily text (node ids, compact addresses, tokens).
 *
 * <p>Ordered by unsigned lexicographic byte order, which is the order bencode requires of dictionary
 * keys.
 */
public final class BString implements BValue, Comparable<BString> {
    private final byte[] bytes;
    private int hash; // cached like String's: 0 means not computed yet; racy but idempotent

    private BString(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A string holding a copy of {@code bytes}. */
    public static BString of(byte[] bytes) {
        return new BString(bytes.clone());
    }

    public static BString utf8(String text) {
        return new BString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Takes ownership of {@code bytes} without a copy; only for arrays nobody else holds. */
    static BString wrap(byte[] bytes) {
        return new BString(bytes);
    }

    /** The bytes themselves, for the encoder; must never be handed outside this package. */
    byte[] internalBytes() {
        return bytes;
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    public byte byteAt(int index) {
        return bytes[index];
    }

    /** The bytes read as UTF-8; malformed sequences become U+FFFD rather than failing. */
    public String asUtf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public boolean contentEquals(byte[] other) {
        return Arrays.equals(bytes, other);
    }

    /**
     * Compares with the UTF-8 encoding of {@code text}, without allocating when the text is ASCII,
     * which every KRPC key is: dictionary look-ups by name run for every field of every message.
     */
    int compareToText(String text) {
        int common = Math.min(bytes.length, text.length());
        for (int i = 0; i < common; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return compareTo(utf8(text));
            }
            int diff = (bytes[i] & 0xFF) - c;
            if (diff != 0) {
                return diff;
            }
        }
        for (int i = common; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return compareTo(utf8(text));
            }
        }
        return bytes.length - text.length();
    }

    @Override
    public int compareTo(BString other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BString s && Arrays.equals(bytes, s.bytes);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(bytes);
            hash = h;
        }
        return h;
    }

    /** The text when every byte is printable ASCII, otherwise "0x" and hex digits; for logs only. */
    @Override
    public String toString() {
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7E) {
                return "0x" + HexFormat.of().formatHex(bytes);
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
