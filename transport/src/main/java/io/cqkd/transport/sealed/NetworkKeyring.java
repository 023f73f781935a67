package io.cqkd.transport.sealed;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The keys of a private network: the primary one seals every datagram sent, and datagrams sealed
 * with it or with any accepted one are let in. Rotating without a flag day: every node first
 * accepts the new key, then makes it primary (still accepting the old), then drops the old one;
 * nodes at neighbouring steps always understand each other.
 *
 * @param primary the 32-byte key that seals what this node sends
 * @param accepted further 32-byte keys whose datagrams are let in
 */
public record NetworkKeyring(byte[] primary, List<byte[]> accepted) {
    public static final int KEY_BYTES = 32;

    public NetworkKeyring {
        check(primary);
        accepted.forEach(NetworkKeyring::check);
        primary = primary.clone();
        accepted = accepted.stream().map(byte[]::clone).toList();
    }

    /** The keyring of {@code primaryHex} and {@code acceptedHex}, each 64 hex digits. */
    public static NetworkKeyring of(String primaryHex, List<String> acceptedHex) {
        return new NetworkKeyring(HexFormat.of().parseHex(primaryHex),
                acceptedHex.stream().map(h -> HexFormat.of().parseHex(h)).toList());
    }

    /** Every key that opens a datagram: the primary first. */
    List<byte[]> opening() {
        List<byte[]> all = new ArrayList<>();
        all.add(primary);
        accepted.stream().filter(k -> !Arrays.equals(k, primary)).forEach(all::add);
        return all;
    }

    /** A key's public name in a datagram: the first 4 bytes of its SHA-256 (it tells which key to try). */
    static int fingerprint(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return ((digest[0] & 0xff) << 24) | ((digest[1] & 0xff) << 16) | ((digest[2] & 0xff) << 8) | (digest[3] & 0xff);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static void check(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a network key has 32 bytes (64 hex digits), got " + key.length);
        }
    }

    @Override
    public String toString() {
        return "NetworkKeyring[" + (1 + accepted.size()) + " keys]"; // never the keys
    }
}
