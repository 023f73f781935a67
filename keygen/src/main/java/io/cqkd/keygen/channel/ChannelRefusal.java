package io.cqkd.keygen.channel;

/** Why the Alice–Bob channel refused a message. */
public enum ChannelRefusal {
    /** No signature, or one of the wrong shape: a node that does not hold the channel's key. */
    UNSIGNED,
    /** A signature that the other end's public key does not verify: forged or altered. */
    BAD_SIGNATURE,
    /** A number the run has already accepted, or one older than its window. */
    REPLAY,
    /** An answer whose run or request number is not the question's. */
    MISMATCH
}
