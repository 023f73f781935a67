package io.cqkd.wire;

/** The input is not strict, canonical bencoding; {@link #offset()} says where the decoder gave up. */
public final class BencodeException extends WireException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    public BencodeException(int offset, String problem) {
        super("at byte " + offset + ": " + problem);
        this.offset = offset;
    }

    /** Byte offset, counted from the first byte of the decoded input, where the problem was found. */
    public int offset() {
        return offset;
    }
}
