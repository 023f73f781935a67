package io.cqkd.dht.rpc;

/** No answer within the call's timeout. */
public final class RpcTimeoutException extends RpcException {
    public RpcTimeoutException(String method, Object peer) {
        super(method + " to " + peer + " timed out");
    }
}
