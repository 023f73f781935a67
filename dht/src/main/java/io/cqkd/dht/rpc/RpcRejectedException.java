package io.cqkd.dht.rpc;

/** The call was never sent: too many calls outstanding, or the node is stopping. */
public final class RpcRejectedException extends RpcException {
    public RpcRejectedException(String reason) {
        super(reason);
    }
}
