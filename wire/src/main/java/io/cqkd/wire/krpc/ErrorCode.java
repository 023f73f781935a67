package io.cqkd.wire.krpc;

/** KRPC error codes: BEP 5's 201-204 and BEP 44's for put. */
public final class ErrorCode {
    public static final int GENERIC = 201;
    public static final int SERVER = 202;
    /** Malformed packet, invalid arguments or bad token. */
    public static final int PROTOCOL = 203;
    public static final int METHOD_UNKNOWN = 204;
    public static final int MESSAGE_TOO_BIG = 205;
    public static final int INVALID_SIGNATURE = 206;
    public static final int SALT_TOO_BIG = 207;
    public static final int CAS_MISMATCH = 301;
    public static final int SEQUENCE_TOO_LOW = 302;

    private ErrorCode() {}
}
