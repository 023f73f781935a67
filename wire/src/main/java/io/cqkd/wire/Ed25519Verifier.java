package io.cqkd.wire;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;

/** Checks Ed25519 signatures on BEP 44 mutable items with the JDK's own EdDSA. */
public final class Ed25519Verifier {

    private Ed25519Verifier() {
    }

    /**
     * True only when {@code signature64} is a valid signature of {@code message} under the raw
     * 32-byte RFC 8032 key {@code publicKey32}. Everything here comes off the network, so every
     * failure (wrong lengths, a key that is no curve point, a bad signature) is a plain false.
     */
    public static boolean verify(byte[] publicKey32, byte[] message, byte[] signature64) {
        if (publicKey32 == null || message == null || signature64 == null
                || signature64.length != Ed25519KeyPair.SIGNATURE_BYTES) {
            return false;
        }
        EdECPoint point = Ed25519PointCodec.decode(publicKey32);
        if (point == null) {
            return false;
        }
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature64);
        } catch (GeneralSecurityException | RuntimeException e) {
            // The JDK signals an undecodable point or signature in several ways, some unchecked
            // (ProviderException, ArithmeticException); to a caller they all mean "not valid".
            return false;
        }
    }
}
