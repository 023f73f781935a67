package io.cqkd.app.role;

import io.cqkd.wire.Ed25519KeyPair;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The file that keeps Alice's or Bob's Ed25519 identity: the private key as PEM PKCS#8, the format
 * {@code openssl genpkey -algorithm ed25519} writes (so openssl can make one, or show its public key).
 * Made at first start, readable by its owner only, never replaced: a new key would lock the other
 * end out until it is told the new public key.
 */
public final class IdentityFile {
    /** RFC 8410's PKCS#8 prefix of an Ed25519 private key; the 32-byte seed follows. */
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    /** Far above a PEM Ed25519 key's 119 bytes: checked before reading. */
    private static final int MAX_BYTES = 4096;

    /** What came of {@link #loadOrCreate}: the key pair, and whether the file was made just now. */
    public record Loaded(Ed25519KeyPair keys, boolean created) {}

    private IdentityFile() {
    }

    /** Reads the identity at {@code file}, or makes one there (and its directory) if there is none. */
    public static Loaded loadOrCreate(Path file, SecureRandom random) throws IOException {
        SecretFile.Loaded<Ed25519KeyPair> loaded = SecretFile.loadOrCreate(file, IdentityFile::read, () -> {
            byte[] seed = new byte[Ed25519KeyPair.SEED_BYTES];
            random.nextBytes(seed);
            try {
                return new SecretFile.Made<>(pem(seed), Ed25519KeyPair.fromSeed(seed));
            } finally {
                Arrays.fill(seed, (byte) 0);
            }
        });
        return new Loaded(loaded.value(), loaded.created());
    }

    /** Reads the identity at {@code file}; a file that is not one throws with a one-line reason. */
    public static Ed25519KeyPair read(Path file) throws IOException {
        String text = SecretFile.readSmall(file, MAX_BYTES, "an Ed25519 private key (PEM PKCS#8 expected)").trim();
        if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
            throw new IOException(file + ": not a PEM private key (expected " + BEGIN + ")");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(BEGIN.length(), text.length() - END.length()));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": the PEM body is not base64");
        }
        if (der.length != PKCS8_PREFIX.length + Ed25519KeyPair.SEED_BYTES
                || !Arrays.equals(Arrays.copyOf(der, PKCS8_PREFIX.length), PKCS8_PREFIX)) {
            throw new IOException(file + ": not an Ed25519 private key (PKCS#8 of RFC 8410 expected)");
        }
        return Ed25519KeyPair.fromSeed(Arrays.copyOfRange(der, PKCS8_PREFIX.length, der.length));
    }

    private static String pem(byte[] seed) {
        byte[] der = Arrays.copyOf(PKCS8_PREFIX, PKCS8_PREFIX.length + seed.length);
        System.arraycopy(seed, 0, der, PKCS8_PREFIX.length, seed.length);
        return BEGIN + "\n" + Base64.getEncoder().encodeToString(der) + "\n" + END + "\n";
    }
}
