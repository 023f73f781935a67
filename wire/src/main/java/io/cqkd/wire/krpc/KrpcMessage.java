package io.cqkd.wire.krpc;

import io.cqkd.wire.BDict;
import io.cqkd.wire.BString;

/**
 * The KRPC envelope (BEP 5): a query, a response or an error, each tagged with the transaction id
 * that ties a response to its query. Method-specific contents stay a dictionary here; the typed
 * queries ({@link FindNodeQuery}, ...) and {@link Reply} read them.
 */
public sealed interface KrpcMessage {
    BString transactionId();

    /** {@code y: q}: a call to {@code method} with arguments {@code a} (which include the caller's id). */
    record Query(BString transactionId, String method, BDict arguments, boolean readOnly) implements KrpcMessage {}

    /** {@code y: r}: the return values {@code r} of a call (which include the callee's id). */
    record Response(BString transactionId, BDict values) implements KrpcMessage {}

    /** {@code y: e}: a call failed with a code ({@link ErrorCode}) and a human message. */
    record Error(BString transactionId, int code, String message) implements KrpcMessage {}
}
