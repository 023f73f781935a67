package io.cqkd.keygen;

/** A run could not produce a key: too few workers, the deadline, Bob unreachable... */
public class KeygenException extends RuntimeException {
    public KeygenException(String message) {
        super(message);
    }
}
