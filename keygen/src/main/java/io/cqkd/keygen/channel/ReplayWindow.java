package io.cqkd.keygen.channel;

import java.util.BitSet;

/**
 * The sequence numbers of one run's messages already accepted, in a sliding window (IPsec's
 * anti-replay, RFC 4303 §3.4.3): a number seen before, or older than the window, is a replay. The
 * sender numbers each run's messages from 1; they may arrive out of order (Alice notifies Bob of
 * batches in parallel), which the window absorbs.
 */
public final class ReplayWindow {
    /**
     * Out-of-order distance tolerated: numbers more than this far below the highest seen are refused.
     * A run has at most ~100 messages in flight at once (a 4,096-bit key's notifications); 4,096
     * leaves room for that forty times over, for 512 bytes per run.
     */
    static final int SIZE = 4096;

    private final BitSet seen = new BitSet(SIZE);
    private long highest;

    /** Accepts {@code seq} once; false for a replay, a number older than the window, or one below 1. */
    public boolean accept(long seq) {
        if (seq < 1 || seq <= highest - SIZE) {
            return false;
        }
        if (seq > highest) {
            for (long s = Math.max(highest + 1, seq - SIZE + 1); s <= seq; s++) {
                seen.clear(slot(s)); // slots leaving the window are reused
            }
            highest = seq;
        } else if (seen.get(slot(seq))) {
            return false;
        }
        seen.set(slot(seq));
        return true;
    }

    private static int slot(long seq) {
        return (int) (seq % SIZE);
    }
}
