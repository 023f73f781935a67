package io.cqkd.wire;

/**
 * A bencoded value. Sealed so that code walking a message knows it has seen every case; all four
 * kinds are immutable and compare by content.
 */
public sealed interface BValue permits BInt, BString, BList, BDict {
}
