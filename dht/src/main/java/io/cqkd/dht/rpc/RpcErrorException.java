package io.cqkd.dht.rpc;

/** The peer answered with a KRPC error. */
public final class RpcErrorException extends RpcException {
    private final int code;

    public RpcErrorException(int code, String message) {
        super("error " + code + ": " + message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
