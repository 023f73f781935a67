package io.cqkd.keygen.channel;

import io.cqkd.transport.ReplayWindow;

/**
 * One run's state at one end of the channel: the number of its next message, and the window of the
 * numbers it has accepted from the other end. Confined to the end's node loop.
 */
public final class ChannelSession {
    /**
     * Out-of-order distance tolerated: a run has at most ~100 messages in flight at once (a
     * 4,096-bit key's notifications); 4,096 leaves room for that forty times over, for 512 bytes.
     */
    static final int WINDOW = 4096;

    private final ReplayWindow received = new ReplayWindow(WINDOW);
    private long nextSeq = 1;

    /** The number of this end's next message in the run. */
    long nextSeq() {
        return nextSeq++;
    }

    /** Whether the other end's message {@code seq} is new (not a replay); its numbers start at 1. */
    boolean accept(long seq) {
        return seq >= 1 && received.accept(seq);
    }
}
