package io.cqkd.dht.storage;

/** The result of storing a BEP 44 item; every refusal maps to a BEP 44 error code. */
public enum PutOutcome {
    STORED(0),
    MESSAGE_TOO_BIG(205),
    INVALID_SIGNATURE(206),
    SALT_TOO_BIG(207),
    CAS_MISMATCH(301),
    SEQUENCE_TOO_LOW(302),
    STORE_FULL(202);

    private final int errorCode;

    PutOutcome(int errorCode) {
        this.errorCode = errorCode;
    }

    public int errorCode() {
        return errorCode;
    }
}
