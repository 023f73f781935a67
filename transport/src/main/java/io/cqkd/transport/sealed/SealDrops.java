package io.cqkd.transport.sealed;

import java.util.concurrent.atomic.AtomicLongArray;

/** Datagrams a private network's endpoints dropped before decoding, by reason; read from any thread. */
public final class SealDrops {
    /** Why a datagram was dropped; {@link #label()} is the metric's {@code reason}. */
    public enum Reason {
        /** Too short to carry a seal: sent by a node without the network key (an open-network node). */
        UNSEALED("unsealed"),
        /** Sealed with a key this node neither uses nor accepts. */
        UNKNOWN_KEY("unknown-key"),
        /** The tag does not match: forged or altered. */
        BAD_TAG("bad-tag"),
        /** Sealed too long ago or too far ahead (more than two minutes from this node's clock). */
        STALE("stale"),
        /** A datagram already received from that sender: replayed. */
        REPLAY("replay");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final AtomicLongArray counts = new AtomicLongArray(Reason.values().length);

    void dropped(Reason reason) {
        counts.incrementAndGet(reason.ordinal());
    }

    public long count(Reason reason) {
        return counts.get(reason.ordinal());
    }
}
