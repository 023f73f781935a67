package io.cqkd.transport.sealed;

/** Why a private network's endpoint dropped a datagram before decoding it. */
public enum SealDrop {
    /** No seal: sent by a node without the network key (an open-network node). */
    UNSEALED,
    /** Sealed with a key this node neither uses nor accepts. */
    UNKNOWN_KEY,
    /** The tag does not match: forged or altered. */
    BAD_TAG,
    /** Sealed too long ago or too far ahead (more than two minutes from this node's clock). */
    STALE,
    /** A datagram already received from that sender: replayed. */
    REPLAY
}
