package io.cqkd.wire;

/**
 * Bounds on what the decoder accepts, so a hostile datagram costs bounded time, stack and memory.
 *
 * @param maxDepth most containers nested inside each other (a top-level list is depth 1)
 * @param maxBytes longest input accepted
 * @param maxItems most values (integers, strings, lists, dictionaries, dictionary keys included) in total
 */
public record BencodeLimits(int maxDepth, int maxBytes, int maxItems) {

    /** Generous for KRPC (a UDP datagram is under 64 KiB and BEP 44 values under 1000 bytes). */
    public static final BencodeLimits DEFAULT = new BencodeLimits(32, 65536, 10_000);

    /** The decoder recurses once per level; this cap keeps it far from the thread's stack limit. */
    public static final int DEPTH_CEILING = 512;

    public BencodeLimits {
        if (maxDepth < 1 || maxDepth > DEPTH_CEILING) {
            throw new IllegalArgumentException("maxDepth must be in [1, " + DEPTH_CEILING + "], got " + maxDepth);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        if (maxItems < 1) {
            throw new IllegalArgumentException("maxItems must be positive, got " + maxItems);
        }
    }
}
