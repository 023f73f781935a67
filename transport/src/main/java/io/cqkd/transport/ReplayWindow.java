package io.cqkd.transport;

/**
 * The numbers already accepted from one sender, in a sliding window (IPsec's anti-replay, RFC 4303
 * §3.4.3): a number seen before, or more than {@code width} below the highest seen, is a replay.
 * Numbers may arrive out of order within the window. Used for the seal counters of a private
 * network (64 wide per sending endpoint) and for the messages of a key run's signed channel (4,096
 * wide: a run has at most ~100 messages in flight at once). Not thread-safe: confined to one loop.
 */
public final class ReplayWindow {
    private final int width;
    /** Bit {@code n mod width} of the words: number n was accepted (for n in the window). */
    private final long[] seen;
    private long highest = -1;

    /** @param width out-of-order distance tolerated; a multiple of 64 (memory: width / 8 bytes) */
    public ReplayWindow(int width) {
        if (width < 64 || width % 64 != 0) {
            throw new IllegalArgumentException("replay window width must be a positive multiple of 64, got " + width);
        }
        this.width = width;
        this.seen = new long[width / 64];
    }

    public int width() {
        return width;
    }

    /** Accepts {@code n} once; false for a replay, a number older than the window, or a negative one. */
    public boolean accept(long n) {
        if (n < 0 || n <= highest - width) {
            return false;
        }
        if (n > highest) {
            for (long s = Math.max(highest + 1, n - width + 1); s <= n; s++) {
                clear(s); // slots leaving the window are reused
            }
            highest = n;
        } else if (isSet(n)) {
            return false;
        }
        set(n);
        return true;
    }

    private int slot(long n) {
        return (int) (n % width);
    }

    private boolean isSet(long n) {
        int slot = slot(n);
        return (seen[slot >>> 6] & (1L << slot)) != 0;
    }

    private void set(long n) {
        int slot = slot(n);
        seen[slot >>> 6] |= 1L << slot;
    }

    private void clear(long n) {
        int slot = slot(n);
        seen[slot >>> 6] &= ~(1L << slot);
    }
}
