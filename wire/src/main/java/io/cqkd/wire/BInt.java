package io.cqkd.wire;

/** A bencoded integer. Bencode allows any size; this layer accepts what fits a signed 64-bit long. */
public record BInt(long value) implements BValue {
}
