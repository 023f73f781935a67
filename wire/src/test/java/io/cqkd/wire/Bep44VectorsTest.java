package io.cqkd.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The test vectors printed in BEP 44 ("Test vectors": test 1 mutable, test 2 mutable with salt,
 * test 3 immutable), as also checked by libtorrent's test_dht.cpp.
 *
 * <p>BEP 44 gives the private key only in its 64-byte expanded form (the hashed and clamped seed,
 * as libsodium stores it), which the JDK cannot sign with; so the vectors check our buffers,
 * targets and verification, and signing is checked by RFC 8032's vectors in {@link Ed25519Test}.
 */
class Bep44VectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final BValue VALUE = BString.utf8("Hello World!");
    private static final byte[] PUBLIC_KEY = HEX.parseHex("77ff84905a91936367c01360803104f92432fcd904a43511876df5cdf3e7e548");
    private static final byte[] SALT = "foobar".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] SIGNATURE_TEST_1 = HEX.parseHex(
            "305ac8aeb6c9c151fa120f120ea2cfb923564e11552d06a5d856091e5e853cff"
            + "1260d3f39e4999684aa92eb73ffd136e6f4f3ecbfda0ce53a1608ecd7ae21f01");
    private static final byte[] SIGNATURE_TEST_2 = HEX.parseHex(
            "6834284b6b24c3204eb2fea824d82f88883a3d95e8b4a21b8c0ded553d17d17d"
            + "df9a8a7104b1258f30bed3787e6cb896fca78c58f8e03b5f18f14951a87d9a08");

    @Test
    void theValueIsTheVectorsBencodedString() {
        assertThat(Bencode.encode(VALUE)).asString(StandardCharsets.US_ASCII).isEqualTo("12:Hello World!");
    }

    @Test
    void test1MutableBufferIsTheSpecs() {
        assertThat(MutableItems.signatureBuffer(new byte[0], 1, VALUE))
                .asString(StandardCharsets.US_ASCII).isEqualTo("3:seqi1e1:v12:Hello World!");
        assertThat(MutableItems.signatureBuffer(null, 1, VALUE))
                .isEqualTo(MutableItems.signatureBuffer(new byte[0], 1, VALUE));
    }

    @Test
    void test1MutableSignatureVerifies() {
        byte[] buffer = MutableItems.signatureBuffer(new byte[0], 1, VALUE);
        assertThat(Ed25519Verifier.verify(PUBLIC_KEY, buffer, SIGNATURE_TEST_1)).isTrue();
        assertThat(Ed25519Verifier.verify(PUBLIC_KEY, buffer, SIGNATURE_TEST_2)).isFalse();
    }

    @Test
    void test1MutableTargetIsTheSpecs() {
        assertThat(MutableItems.mutableTarget(PUBLIC_KEY, new byte[0]))
                .isEqualTo(NodeId.fromHex("4a533d47ec9c7d95b1ad75f576cffc641853b750"));
        assertThat(MutableItems.mutableTarget(PUBLIC_KEY, null))
                .isEqualTo(NodeId.fromHex("4a533d47ec9c7d95b1ad75f576cffc641853b750"));
    }

    @Test
    void test2MutableWithSaltBufferIsTheSpecs() {
        assertThat(MutableItems.signatureBuffer(SALT, 1, VALUE))
                .asString(StandardCharsets.US_ASCII).isEqualTo("4:salt6:foobar3:seqi1e1:v12:Hello World!");
    }

    @Test
    void test2MutableWithSaltSignatureVerifies() {
        byte[] buffer = MutableItems.signatureBuffer(SALT, 1, VALUE);
        assertThat(Ed25519Verifier.verify(PUBLIC_KEY, buffer, SIGNATURE_TEST_2)).isTrue();
        assertThat(Ed25519Verifier.verify(PUBLIC_KEY, buffer, SIGNATURE_TEST_1)).isFalse();
    }

    @Test
    void test2MutableWithSaltTargetIsTheSpecs() {
        assertThat(MutableItems.mutableTarget(PUBLIC_KEY, SALT))
                .isEqualTo(NodeId.fromHex("411eba73b6f087ca51a3795d9c8c938d365e32c1"));
    }

    @Test
    void test3ImmutableTargetIsTheSpecs() {
        assertThat(MutableItems.immutableTarget(VALUE))
                .isEqualTo(NodeId.fromHex("e5f96f6f38320f0f33959cb4d3d656452117aadb"));
    }

    @Test
    void anyFlippedBitOfTheSignatureFailsVerification() {
        byte[] buffer = MutableItems.signatureBuffer(SALT, 1, VALUE);
        for (int bit = 0; bit < SIGNATURE_TEST_2.length * 8; bit++) {
            byte[] tampered = SIGNATURE_TEST_2.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(Ed25519Verifier.verify(PUBLIC_KEY, buffer, tampered)).as("bit %d flipped", bit).isFalse();
        }
    }

    @Test
    void anyFlippedBitOfTheBufferFailsVerification() {
        byte[] buffer = MutableItems.signatureBuffer(new byte[0], 1, VALUE);
        for (int bit = 0; bit < buffer.length * 8; bit++) {
            byte[] tampered = buffer.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(Ed25519Verifier.verify(PUBLIC_KEY, tampered, SIGNATURE_TEST_1)).as("bit %d flipped", bit).isFalse();
        }
    }

    @Test
    void aFlippedBitOfThePublicKeyFailsVerification() {
        byte[] buffer = MutableItems.signatureBuffer(new byte[0], 1, VALUE);
        byte[] otherKey = PUBLIC_KEY.clone();
        otherKey[0] ^= 1;
        assertThat(Ed25519Verifier.verify(otherKey, buffer, SIGNATURE_TEST_1)).isFalse();
    }
}
