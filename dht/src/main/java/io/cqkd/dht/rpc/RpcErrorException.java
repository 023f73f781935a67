package io.cqkd.dht.rpc;

/** The peer answered with a KRPC error. */
public final class RpcErrorException extends RpcException {
    private final int code;
    private final String reason;

    public RpcErrorException(int code, String reason) {
        super("error " + code + ": " + reason);
        this.code = code;
        this.reason = reason;
    }

    public int code() {
        return code;
    }

    /** The error's text without its code: what goes into a KRPC error message. */
    public String reason() {
        return reason;
    }
}
