package io.cqkd.wire;

/**
 * Bad input met by the wire layer: a malformed bencoding or a message that does not fit its schema.
 *
 * <p>Unchecked because the input comes from the network: callers handle it once, at the point where a
 * datagram is dropped or answered with a protocol error, not at every parsing step.
 */
public class WireException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WireException(String message) {
        super(message);
    }

    /** For a fault found while handling a lower-level one, such as a message field that fails to decode. */
    public WireException(String message, Throwable cause) {
        super(message, cause);
    }
}
