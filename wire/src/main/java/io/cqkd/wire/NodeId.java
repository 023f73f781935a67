package io.cqkd.wire;

import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * A 160-bit Kademlia identifier (node id, info-hash or BEP 44 target) with the XOR metric.
 *
 * <p>Held as three words rather than a byte array so that distance comparisons, done millions of
 * times per simulated second, need no allocation and no byte loop.
 */
public final class NodeId implements Comparable<NodeId> {
    public static final int BITS = 160;
    public static final int BYTES = 20;

    private final long high;   // bits 0..63 (most significant first)
    private final long middle; // bits 64..127
    private final int low;     // bits 128..159

    private NodeId(long high, long middle, int low) {
        this.high = high;
        this.middle = middle;
        this.low = low;
    }

    public static NodeId of(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a node id has 20 bytes, got " + bytes.length);
        }
        return new NodeId(readLong(bytes, 0), readLong(bytes, 8), (int) readBits(bytes, 16, 4));
    }

    public static NodeId fromHex(String hex) {
        if (hex.length() != BYTES * 2) {
            throw new IllegalArgumentException("a node id has 40 hex digits, got " + hex.length());
        }
        return of(HexFormat.of().parseHex(hex));
    }

    public static NodeId random(RandomGenerator random) {
        return new NodeId(random.nextLong(), random.nextLong(), random.nextInt());
    }

    /** The id whose bits are all zero: the origin of the XOR space. */
    public static NodeId zero() {
        return new NodeId(0, 0, 0);
    }

    /**
     * A random id at exactly {@code bucket} from {@code self}: its XOR distance to {@code self} lies in
     * [2^bucket, 2^(bucket+1)). Used to refresh a bucket by looking up an id that falls in it.
     */
    public static NodeId randomInBucket(NodeId self, int bucket, RandomGenerator random) {
        if (bucket < 0 || bucket >= BITS) {
            throw new IllegalArgumentException("bucket must be in [0, 160), got " + bucket);
        }
        NodeId noise = random(random);
        // distance = 0...0 1 r...r : the top (159 - bucket) bits zero, then a one, then random bits.
        int leadingZeros = BITS - 1 - bucket;
        NodeId distance = noise.keepLowBits(bucket).setBit(leadingZeros);
        return self.xor(distance);
    }

    public NodeId xor(NodeId other) {
        return new NodeId(high ^ other.high, middle ^ other.middle, low ^ other.low);
    }

    /**
     * Compares the XOR distances of {@code a} and {@code b} to this id: negative when {@code a} is
     * closer, zero when equal (only if a equals b), positive when {@code b} is closer.
     */
    public int compareDistance(NodeId a, NodeId b) {
        int c = Long.compareUnsigned(a.high ^ high, b.high ^ high);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(a.middle ^ middle, b.middle ^ middle);
        if (c != 0) {
            return c;
        }
        return Integer.compareUnsigned(a.low ^ low, b.low ^ low);
    }

    /**
     * The XOR distance to {@code other} as a fraction of the id space, in [0, 1): what the distance of
     * the n-th closest node is expected to be (n / (N + 1)) among N uniformly spread ids. 53 bits of
     * precision, taken from the first nonzero 64 bits of the distance.
     */
    public double normalizedDistance(NodeId other) {
        long x = high ^ other.high;
        if (x != 0) {
            return (x >>> 11) * 0x1.0p-53;
        }
        return ((middle ^ other.middle) >>> 11) * 0x1.0p-53 * 0x1.0p-64;
    }

    /** Number of leading bits shared with {@code other}: 160 when equal. */
    public int commonPrefixLength(NodeId other) {
        long x = high ^ other.high;
        if (x != 0) {
            return Long.numberOfLeadingZeros(x);
        }
        x = middle ^ other.middle;
        if (x != 0) {
            return 64 + Long.numberOfLeadingZeros(x);
        }
        int y = low ^ other.low;
        return y != 0 ? 128 + Integer.numberOfLeadingZeros(y) : BITS;
    }

    /**
     * The k-bucket that {@code other} falls in seen from this id: floor(log2(distance)), in [0, 160),
     * or -1 for this id itself.
     */
    public int bucketIndexOf(NodeId other) {
        return BITS - 1 - commonPrefixLength(other);
    }

    /** Bit {@code index} counted from the most significant (0) to the least (159). */
    public boolean bit(int index) {
        if (index < 64) {
            return ((high >>> (63 - index)) & 1) != 0;
        }
        if (index < 128) {
            return ((middle >>> (127 - index)) & 1) != 0;
        }
        return ((low >>> (159 - index)) & 1) != 0;
    }

    private NodeId setBit(int index) {
        if (index < 64) {
            return new NodeId(high | (1L << (63 - index)), middle, low);
        }
        if (index < 128) {
            return new NodeId(high, middle | (1L << (127 - index)), low);
        }
        return new NodeId(high, middle, low | (1 << (159 - index)));
    }

    /** Keeps the {@code count} least significant bits and clears the others. */
    private NodeId keepLowBits(int count) {
        int l = count >= 32 ? low : (int) (low & mask64(count));
        long m = count >= 96 ? middle : count > 32 ? middle & mask64(count - 32) : 0;
        long h = count >= 160 ? high : count > 96 ? high & mask64(count - 96) : 0;
        return new NodeId(h, m, l);
    }

    private static long mask64(int bits) {
        return bits >= 64 ? -1L : (1L << bits) - 1;
    }

    public byte[] toBytes() {
        byte[] out = new byte[BYTES];
        writeInto(out, 0);
        return out;
    }

    /** Writes the 20 bytes at {@code offset}; avoids an intermediate array when building packets. */
    public void writeInto(byte[] out, int offset) {
        for (int i = 0; i < 8; i++) {
            out[offset + i] = (byte) (high >>> (56 - 8 * i));
            out[offset + 8 + i] = (byte) (middle >>> (56 - 8 * i));
        }
        for (int i = 0; i < 4; i++) {
            out[offset + 16 + i] = (byte) (low >>> (24 - 8 * i));
        }
    }

    public static NodeId read(byte[] in, int offset) {
        return new NodeId(readLong(in, offset), readLong(in, offset + 8), (int) readBits(in, offset + 16, 4));
    }

    public String toHex() {
        return HexFormat.of().formatHex(toBytes());
    }

    /** First 8 hex digits, enough to tell nodes apart in logs. */
    public String shortHex() {
        return toHex().substring(0, 8);
    }

    @Override
    public int compareTo(NodeId o) {
        return zero().compareDistance(this, o);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeId n && n.high == high && n.middle == middle && n.low == low;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(high) * 31 + Long.hashCode(middle) * 17 + low;
    }

    @Override
    public String toString() {
        return toHex();
    }

    private static long readLong(byte[] b, int off) {
        return readBits(b, off, 8);
    }

    private static long readBits(byte[] b, int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }
}
