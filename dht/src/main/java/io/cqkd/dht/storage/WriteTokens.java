package io.cqkd.dht.storage;

import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * BEP 5 write tokens: a hash of the requester's address and a secret that changes every rotation
 * period, accepted for the current and the previous secret (so valid for up to two periods). A
 * token handed to one address is worthless from another, which stops announce/put spoofing.
 */
public final class WriteTokens {
    private static final int TOKEN_BYTES = 8;

    private final RandomGenerator random;
    private final long rotationNanos;
    private byte[] current;
    private byte[] previous;
    private long rotatedAtNanos;

    public WriteTokens(RandomGenerator random, long rotationNanos, long nowNanos) {
        this.random = random;
        this.rotationNanos = rotationNanos;
        this.current = freshSecret();
        this.previous = freshSecret();
        this.rotatedAtNanos = nowNanos;
    }

    public byte[] tokenFor(InetSocketAddress requester, long nowNanos) {
        rotateIfDue(nowNanos);
        return token(current, requester);
    }

    public boolean isValid(byte[] token, InetSocketAddress requester, long nowNanos) {
        rotateIfDue(nowNanos);
        return token != null && token.length == TOKEN_BYTES
                && (MessageDigest.isEqual(token, token(current, requester))
                    || MessageDigest.isEqual(token, token(previous, requester)));
    }

    /** Rotation is lazy (on use), so an idle node keeps no timer for it. */
    private void rotateIfDue(long nowNanos) {
        long periods = (nowNanos - rotatedAtNanos) / rotationNanos;
        if (periods <= 0) {
            return;
        }
        previous = periods == 1 ? current : freshSecret();
        current = freshSecret();
        rotatedAtNanos += periods * rotationNanos;
    }

    private byte[] freshSecret() {
        byte[] secret = new byte[16];
        random.nextBytes(secret);
        return secret;
    }

    private static byte[] token(byte[] secret, InetSocketAddress requester) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(secret);
            sha1.update(requester.getAddress().getAddress());
            sha1.update((byte) (requester.getPort() >>> 8));
            sha1.update((byte) requester.getPort());
            return Arrays.copyOf(sha1.digest(), TOKEN_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
