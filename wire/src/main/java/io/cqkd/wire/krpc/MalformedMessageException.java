package io.cqkd.wire.krpc;

import io.cqkd.wire.BString;
import io.cqkd.wire.WireException;

/**
 * A datagram that is not a valid KRPC message. When its transaction id could still be read, the
 * sender can be told (error 203); otherwise the datagram can only be dropped and counted.
 */
public final class MalformedMessageException extends WireException {
    private final transient BString transactionId;
    private final String reason;

    public MalformedMessageException(BString transactionId, String reason, Throwable cause) {
        super(reason, cause);
        this.transactionId = transactionId;
        this.reason = reason;
    }

    /** The transaction id, or null when the datagram was too broken to read one. */
    public BString transactionId() {
        return transactionId;
    }

    /** A short, low-cardinality label for counting drops: the kind of fault, not its details. */
    public String reason() {
        return reason;
    }
}
