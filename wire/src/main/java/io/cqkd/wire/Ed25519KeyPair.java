package io.cqkd.wire;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An Ed25519 key pair for signing BEP 44 mutable items, backed by the JDK's own EdDSA.
 *
 * <p>The private key never leaves this object; {@link #toString()} shows only the public key.
 */
public final class Ed25519KeyPair {
    public static final int SEED_BYTES = 32;
    public static final int SIGNATURE_BYTES = 64;

    private final PrivateKey privateKey;
    private final byte[] publicKey;

    private Ed25519KeyPair(PrivateKey privateKey, byte[] publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    public static Ed25519KeyPair generate(SecureRandom random) {
        byte[] seed = new byte[SEED_BYTES];
        random.nextBytes(seed);
        try {
            return fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** The key pair whose RFC 8032 private key (the 32-byte seed) is {@code seed32}; deterministic. */
    public static Ed25519KeyPair fromSeed(byte[] seed32) {
        if (seed32.length != SEED_BYTES) {
            throw new IllegalArgumentException("an Ed25519 seed has 32 bytes, got " + seed32.length);
        }
        try {
            // The JDK offers no "public key of this private key". Its key pair generator, though,
            // draws exactly the 32-byte seed from the random source and derives the public key from
            // it; replaying our seed as that randomness gives the matching public key.
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SeedReplayingRandom(seed32));
            KeyPair pair = generator.generateKeyPair();
            // Checked rather than assumed, in case a future JDK draws its randomness differently.
            Optional<byte[]> drawnSeed = ((EdECPrivateKey) pair.getPrivate()).getBytes();
            if (drawnSeed.isEmpty() || !Arrays.equals(drawnSeed.get(), seed32)) {
                throw new IllegalStateException("this JDK's Ed25519 key generator did not use the given seed");
            }
            PrivateKey privateKey = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed32));
            byte[] publicKey = Ed25519PointCodec.encode(((EdECPublicKey) pair.getPublic()).getPoint());
            return new Ed25519KeyPair(privateKey, publicKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks Ed25519, required since Java 15", e);
        }
    }

    /** The raw 32-byte RFC 8032 public key, as carried in BEP 44's "k" field. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The 64-byte Ed25519 signature of {@code message}; deterministic, as RFC 8032 specifies. */
    public byte[] sign(byte[] message) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed with a key of our own making", e);
        }
    }

    @Override
    public String toString() {
        return "Ed25519KeyPair[public " + HexFormat.of().formatHex(publicKey) + "]";
    }

    /** A "random" source that yields the given seed once; any further draw is a failure. */
    private static final class SeedReplayingRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;

        private final byte[] seed;
        private boolean used;

        SeedReplayingRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (used || bytes.length != seed.length) {
                throw new IllegalStateException("Ed25519 key generation drew randomness other than one 32-byte seed");
            }
            used = true;
            System.arraycopy(seed, 0, bytes, 0, seed.length);
            Arrays.fill(seed, (byte) 0);
        }
    }
}
