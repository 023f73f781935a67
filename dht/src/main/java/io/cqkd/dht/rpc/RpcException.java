package io.cqkd.dht.rpc;

/** Why a call did not bring an answer. Subclasses say which way it failed. */
public abstract sealed class RpcException extends RuntimeException
        permits RpcTimeoutException, RpcErrorException, RpcRejectedException {
    protected RpcException(String message) {
        // Failed calls are routine (dead peers, loss): no stack trace to fill, keep them cheap.
        super(message, null, false, false);
    }
}
