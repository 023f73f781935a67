package io.cqkd.keygen.channel;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Messages the Alice–Bob channel refused, by reason: written on a node loop, read by the metrics
 * from any thread.
 */
public final class ChannelRefusals {
    /** Why a message was refused; {@link #label()} is the metric's {@code reason}. */
    public enum Reason {
        /** No signature, or one of the wrong shape: a node that does not hold the channel's key. */
        UNSIGNED("unsigned"),
        /** A signature that the other end's public key does not verify: forged or altered. */
        BAD_SIGNATURE("bad-signature"),
        /** A number the run has already accepted, or one older than its window. */
        REPLAY("replay"),
        /** An answer whose run or request number is not the question's. */
        MISMATCH("mismatch");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final AtomicLongArray counts = new AtomicLongArray(Reason.values().length);

    void refused(Reason reason) {
        counts.incrementAndGet(reason.ordinal());
    }

    public long count(Reason reason) {
        return counts.get(reason.ordinal());
    }

    public long total() {
        long total = 0;
        for (Reason r : Reason.values()) {
            total += count(r);
        }
        return total;
    }
}
