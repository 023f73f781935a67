package io.cqkd.keygen.channel;

/**
 * One run's state at one end of the channel: the number of its next message, and the window of the
 * numbers it has accepted from the other end. Confined to the end's node loop.
 */
public final class ChannelSession {
    private final ReplayWindow received = new ReplayWindow();
    private long nextSeq = 1;

    /** The number of this end's next message in the run. */
    long nextSeq() {
        return nextSeq++;
    }

    /** Whether the other end's message {@code seq} is new (not a replay). */
    boolean accept(long seq) {
        return received.accept(seq);
    }
}
