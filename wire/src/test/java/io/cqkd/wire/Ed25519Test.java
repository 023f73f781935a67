package io.cqkd.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Ed25519Test {
    private static final HexFormat HEX = HexFormat.of();

    // RFC 8032 section 7.1, TEST 1: the empty message.
    private static final byte[] RFC_SEED = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final byte[] RFC_PUBLIC_KEY = HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static final byte[] RFC_SIGNATURE = HEX.parseHex(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

    @Test
    void rfc8032Test1PublicKeyAndSignatureComeOutExactly() {
        Ed25519KeyPair pair = Ed25519KeyPair.fromSeed(RFC_SEED);
        assertThat(pair.publicKey()).isEqualTo(RFC_PUBLIC_KEY);
        assertThat(pair.sign(new byte[0])).isEqualTo(RFC_SIGNATURE);
        assertThat(Ed25519Verifier.verify(RFC_PUBLIC_KEY, new byte[0], RFC_SIGNATURE)).isTrue();
        assertThat(Ed25519Verifier.verify(RFC_PUBLIC_KEY, new byte[] {0}, RFC_SIGNATURE)).isFalse();
    }

    @Test
    void fromSeedIsDeterministic() {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) 7);
        Ed25519KeyPair first = Ed25519KeyPair.fromSeed(seed);
        Ed25519KeyPair second = Ed25519KeyPair.fromSeed(seed.clone());
        assertThat(first.publicKey()).isEqualTo(second.publicKey());
        assertThat(first.sign(new byte[] {1, 2, 3})).isEqualTo(second.sign(new byte[] {1, 2, 3}));
        assertThat(seed).containsOnly((byte) 7); // the caller's seed is left alone
    }

    @Test
    void generatedPairsDifferAndSignVerifiably() {
        SecureRandom random = new SecureRandom();
        Ed25519KeyPair a = Ed25519KeyPair.generate(random);
        Ed25519KeyPair b = Ed25519KeyPair.generate(random);
        assertThat(a.publicKey()).isNotEqualTo(b.publicKey());
        byte[] message = {42};
        assertThat(Ed25519Verifier.verify(a.publicKey(), message, a.sign(message))).isTrue();
        assertThat(Ed25519Verifier.verify(b.publicKey(), message, a.sign(message))).isFalse();
        assertThat(a.toString()).contains(HEX.formatHex(a.publicKey()));
    }

    /** About half the seeds give an odd x, exercising the flag bit of the key encoding both ways. */
    @Property(tries = 200)
    void anySeedSignsWhatItsPublicKeyVerifies(@ForAll @Size(value = 32) byte[] seed, @ForAll @Size(max = 100) byte[] message) {
        Ed25519KeyPair pair = Ed25519KeyPair.fromSeed(seed);
        byte[] signature = pair.sign(message);
        assertThat(signature).hasSize(64);
        assertThat(Ed25519Verifier.verify(pair.publicKey(), message, signature)).isTrue();
    }

    /** Checks the key codec against the JDK's own X.509 encoding, whose last 32 bytes are RFC 8032's. */
    @Test
    void keysOfBothParitiesMatchTheJdksEncoding() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        boolean sawOdd = false;
        boolean sawEven = false;
        for (int i = 0; i < 64 && !(sawOdd && sawEven); i++) {
            KeyPair jdkPair = generator.generateKeyPair();
            byte[] x509 = jdkPair.getPublic().getEncoded();
            byte[] raw = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
            sawOdd |= (raw[31] & 0x80) != 0;
            sawEven |= (raw[31] & 0x80) == 0;
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(jdkPair.getPrivate());
            signer.update(new byte[] {5});
            assertThat(Ed25519Verifier.verify(raw, new byte[] {5}, signer.sign())).isTrue();
        }
        assertThat(sawOdd && sawEven).as("both parities of x seen").isTrue();
    }

    @Test
    void wrongLengthsAreFalseNotErrors() {
        assertThat(Ed25519Verifier.verify(Arrays.copyOf(RFC_PUBLIC_KEY, 31), new byte[0], RFC_SIGNATURE)).isFalse();
        assertThat(Ed25519Verifier.verify(Arrays.copyOf(RFC_PUBLIC_KEY, 33), new byte[0], RFC_SIGNATURE)).isFalse();
        assertThat(Ed25519Verifier.verify(RFC_PUBLIC_KEY, new byte[0], Arrays.copyOf(RFC_SIGNATURE, 63))).isFalse();
        assertThat(Ed25519Verifier.verify(RFC_PUBLIC_KEY, new byte[0], Arrays.copyOf(RFC_SIGNATURE, 65))).isFalse();
        assertThat(Ed25519Verifier.verify(null, new byte[0], RFC_SIGNATURE)).isFalse();
        assertThat(Ed25519Verifier.verify(RFC_PUBLIC_KEY, null, RFC_SIGNATURE)).isFalse();
        assertThat(Ed25519Verifier.verify(RFC_PUBLIC_KEY, new byte[0], null)).isFalse();
    }

    @Test
    void aNonCanonicalKeyIsFalse() {
        // y = 2^255 - 19 = p, which RFC 8032 says must not decode.
        byte[] yEqualsP = HEX.parseHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        assertThat(Ed25519Verifier.verify(yEqualsP, new byte[0], RFC_SIGNATURE)).isFalse();
    }

    @Property(tries = 300)
    void garbageKeysAndSignaturesAreFalseNotErrors(
            @ForAll @Size(value = 32) byte[] key, @ForAll @Size(value = 64) byte[] signature) {
        assertThat(Ed25519Verifier.verify(key, new byte[] {1}, signature)).isFalse();
    }

    @Test
    void aSeedMustHave32Bytes() {
        assertThatThrownBy(() -> Ed25519KeyPair.fromSeed(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }
}
