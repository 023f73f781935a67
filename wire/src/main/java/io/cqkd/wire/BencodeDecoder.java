package io.cqkd.wire;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * One strict decoding pass over a byte range; used once, by {@link Bencode#decode}.
 *
 * <p>Recursion depth is bounded by {@link BencodeLimits#maxDepth()}, and every allocation is bounded
 * by bytes actually present in the input, so no input can exhaust the stack or the heap. Every
 * problem is reported as a {@link BencodeException} at an offset relative to the range's start.
 */
final class BencodeDecoder {
    private final byte[] data;
    private final int start;
    private final int end;
    private final BencodeLimits limits;
    private int pos;
    private int depth;
    private int items;

    BencodeDecoder(byte[] data, int offset, int length, BencodeLimits limits) {
        this.data = data;
        this.start = offset;
        this.end = offset + length;
        this.limits = limits;
        this.pos = offset;
    }

    BValue decodeWhole() {
        if (end - start > limits.maxBytes()) {
            throw fail(start + limits.maxBytes(),
                    "input of " + (end - start) + " bytes exceeds the limit of " + limits.maxBytes());
        }
        BValue value = decodeValue();
        if (pos != end) {
            throw fail(pos, "trailing data after the top-level value");
        }
        return value;
    }

    private BValue decodeValue() {
        if (pos >= end) {
            throw fail(pos, "unexpected end of input");
        }
        if (++items > limits.maxItems()) {
            throw fail(pos, "more than " + limits.maxItems() + " values");
        }
        byte type = data[pos];
        if (type == 'i') {
            return decodeInt();
        }
        if (type >= '0' && type <= '9') {
            return decodeString();
        }
        if (type == 'l') {
            return decodeList();
        }
        if (type == 'd') {
            return decodeDict();
        }
        if (type == '-') {
            throw fail(pos, "negative string length");
        }
        if (type == ':') {
            throw fail(pos, "missing string length");
        }
        throw fail(pos, "unexpected " + describe(type) + ", expected 'i', 'l', 'd' or a digit");
    }

    private BInt decodeInt() {
        pos++; // 'i'
        boolean negative = false;
        if (pos < end && data[pos] == '-') {
            negative = true;
            pos++;
        }
        int firstDigit = pos;
        // Accumulate as a negative number: its range includes Long.MIN_VALUE, the positive one does not.
        long value = 0;
        while (true) {
            if (pos >= end) {
                throw fail(pos, "unexpected end of input in integer");
            }
            byte b = data[pos];
            if (b == 'e') {
                break;
            }
            if (b < '0' || b > '9') {
                throw fail(pos, "unexpected " + describe(b) + " in integer, expected a digit or 'e'");
            }
            if (pos == firstDigit + 1 && data[firstDigit] == '0') {
                throw fail(firstDigit, "leading zero in integer");
            }
            int digit = b - '0';
            if (value < (Long.MIN_VALUE + digit) / 10) {
                throw fail(pos, "integer out of the 64-bit range");
            }
            value = value * 10 - digit;
            pos++;
        }
        if (pos == firstDigit) {
            throw fail(pos, negative ? "no digits after '-' in integer" : "empty integer");
        }
        if (negative && value == 0) {
            throw fail(firstDigit, "negative zero in integer");
        }
        if (!negative && value == Long.MIN_VALUE) {
            throw fail(pos - 1, "integer out of the 64-bit range");
        }
        pos++; // 'e'
        return new BInt(negative ? value : -value);
    }

    private BString decodeString() {
        return BString.wrap(readStringBytes());
    }

    private byte[] readStringBytes() {
        int lengthStart = pos;
        long length = 0;
        while (true) {
            if (pos >= end) {
                throw fail(pos, "unexpected end of input in string length");
            }
            byte b = data[pos];
            if (b == ':') {
                break;
            }
            if (b < '0' || b > '9') {
                throw fail(pos, "unexpected " + describe(b) + " in string length, expected a digit or ':'");
            }
            if (pos == lengthStart + 1 && data[lengthStart] == '0') {
                throw fail(lengthStart, "leading zero in string length");
            }
            length = length * 10 + (b - '0');
            // Checked per digit, before any allocation: a declared length can only be believed
            // once the bytes are known to be there.
            if (length > end - pos - 1) {
                throw lengthPastEnd(lengthStart);
            }
            pos++;
        }
        if (pos == lengthStart) {
            throw fail(pos, "missing string length");
        }
        pos++; // ':'
        int from = pos;
        if (length > end - from) {
            throw lengthPastEnd(lengthStart);
        }
        pos += (int) length;
        return Arrays.copyOfRange(data, from, pos);
    }

    private BList decodeList() {
        int listStart = pos;
        enterContainer(listStart);
        pos++; // 'l'
        ArrayList<BValue> list = new ArrayList<>();
        while (true) {
            if (pos >= end) {
                throw fail(pos, "unexpected end of input in list opened at byte " + (listStart - start));
            }
            if (data[pos] == 'e') {
                break;
            }
            list.add(decodeValue());
        }
        pos++; // 'e'
        depth--;
        return new BList(list);
    }

    private BDict decodeDict() {
        int dictStart = pos;
        enterContainer(dictStart);
        pos++; // 'd'
        ArrayList<BString> keys = new ArrayList<>();
        ArrayList<BValue> values = new ArrayList<>();
        BString previous = null;
        while (true) {
            if (pos >= end) {
                throw fail(pos, "unexpected end of input in dictionary opened at byte " + (dictStart - start));
            }
            byte b = data[pos];
            if (b == 'e') {
                break;
            }
            int keyStart = pos;
            if (b < '0' || b > '9') {
                throw fail(keyStart, "dictionary key is not a byte string (starts with " + describe(b) + ")");
            }
            BString key = (BString) decodeValue();
            if (previous != null) {
                int order = key.compareTo(previous);
                if (order == 0) {
                    throw fail(keyStart, "duplicate dictionary key '" + preview(key) + "'");
                }
                if (order < 0) {
                    throw fail(keyStart, "dictionary key '" + preview(key) + "' is not after '" + preview(previous)
                            + "' (keys must be sorted)");
                }
            }
            if (pos < end && data[pos] == 'e') {
                throw fail(pos, "dictionary key '" + preview(key) + "' has no value");
            }
            keys.add(key);
            values.add(decodeValue());
            previous = key;
        }
        pos++; // 'e'
        depth--;
        return new BDict(keys.toArray(new BString[0]), values.toArray(new BValue[0]));
    }

    private void enterContainer(int at) {
        if (++depth > limits.maxDepth()) {
            throw fail(at, "nesting deeper than " + limits.maxDepth());
        }
    }

    private BencodeException lengthPastEnd(int lengthStart) {
        // Quote at most 20 digits: the declared length itself may be absurdly long.
        StringBuilder digits = new StringBuilder();
        for (int i = lengthStart; i < end && i - lengthStart < 20 && data[i] >= '0' && data[i] <= '9'; i++) {
            digits.append((char) data[i]);
        }
        return fail(lengthStart, "string length " + digits + " runs past the end of input");
    }

    /** A key as text for a message, cut short so that a hostile key cannot bloat the message. */
    private static String preview(BString key) {
        String text = key.toString();
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private BencodeException fail(int at, String problem) {
        return new BencodeException(at - start, problem);
    }

    private static String describe(byte b) {
        int unsigned = b & 0xFF;
        String hex = String.format("0x%02x", unsigned);
        return unsigned >= 0x20 && unsigned < 0x7F ? "byte '" + (char) unsigned + "' (" + hex + ")" : "byte " + hex;
    }
}
