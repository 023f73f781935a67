package io.cqkd.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class MutableItemsTest {

    @Test
    void theBufferSpellsNegativeAndLargeSequenceNumbers() {
        assertThat(MutableItems.signatureBuffer(null, Long.MAX_VALUE, new BInt(-5)))
                .asString(StandardCharsets.US_ASCII).isEqualTo("3:seqi9223372036854775807e1:vi-5e");
        assertThat(MutableItems.signatureBuffer(new byte[] {'s'}, 0, BList.of()))
                .asString(StandardCharsets.US_ASCII).isEqualTo("4:salt1:s3:seqi0e1:vle");
    }

    @Test
    void theBufferIsTheInsideOfTheItemsBencodedDictionary() {
        BValue v = BDict.builder().put("a", 1).build();
        BDict item = BDict.builder().put("salt", "pepper").put("seq", 9).put("v", v).build();
        byte[] whole = Bencode.encode(item);
        byte[] inside = java.util.Arrays.copyOfRange(whole, 1, whole.length - 1);
        assertThat(MutableItems.signatureBuffer("pepper".getBytes(StandardCharsets.US_ASCII), 9, v)).isEqualTo(inside);
    }

    @Test
    void targetsAreSha1OfKeyAndSaltOrOfTheValue() throws Exception {
        byte[] key = new byte[32];
        key[0] = 1;
        byte[] salt = {9, 8, 7};
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(key);
        sha1.update(salt);
        assertThat(MutableItems.mutableTarget(key, salt)).isEqualTo(NodeId.of(sha1.digest()));

        BValue v = BList.of(new BInt(1), BString.utf8("x"));
        assertThat(MutableItems.immutableTarget(v))
                .isEqualTo(NodeId.of(MessageDigest.getInstance("SHA-1").digest("li1e1:xe".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void aSignedItemVerifiesAndAChangedSequenceDoesNot() {
        Ed25519KeyPair pair = Ed25519KeyPair.fromSeed(new byte[32]);
        byte[] salt = "topic".getBytes(StandardCharsets.US_ASCII);
        BValue v = BString.utf8("payload");
        byte[] signature = pair.sign(MutableItems.signatureBuffer(salt, 3, v));
        assertThat(Ed25519Verifier.verify(pair.publicKey(), MutableItems.signatureBuffer(salt, 3, v), signature)).isTrue();
        assertThat(Ed25519Verifier.verify(pair.publicKey(), MutableItems.signatureBuffer(salt, 4, v), signature)).isFalse();
        assertThat(Ed25519Verifier.verify(pair.publicKey(), MutableItems.signatureBuffer(null, 3, v), signature)).isFalse();
    }

    @Test
    void valuesUpToTheLimitAreAcceptedAndBeyondItRejected() {
        BValue largest = BString.of(new byte[MutableItems.MAX_VALUE_BYTES - 4]); // "996:" + 996 bytes
        assertThat(Bencode.encode(largest)).hasSize(MutableItems.MAX_VALUE_BYTES);
        MutableItems.immutableTarget(largest);
        MutableItems.signatureBuffer(null, 1, largest);

        BValue tooLarge = BString.of(new byte[MutableItems.MAX_VALUE_BYTES - 3]);
        assertThatThrownBy(() -> MutableItems.immutableTarget(tooLarge))
                .isInstanceOfSatisfying(MalformedFieldException.class, e -> assertThat(e.field()).isEqualTo("v"))
                .hasMessage("field 'v': expected at most 1000 bencoded bytes, got 1001");
        assertThatThrownBy(() -> MutableItems.signatureBuffer(null, 1, tooLarge)).isInstanceOf(MalformedFieldException.class);
    }

    @Test
    void saltsUpToTheLimitAreAcceptedAndBeyondItRejected() {
        byte[] key = new byte[32];
        MutableItems.mutableTarget(key, new byte[MutableItems.MAX_SALT_BYTES]);
        byte[] tooLong = new byte[MutableItems.MAX_SALT_BYTES + 1];
        assertThatThrownBy(() -> MutableItems.mutableTarget(key, tooLong))
                .isInstanceOfSatisfying(MalformedFieldException.class, e -> assertThat(e.field()).isEqualTo("salt"))
                .hasMessage("field 'salt': expected at most 64 bytes, got 65");
        assertThatThrownBy(() -> MutableItems.signatureBuffer(tooLong, 1, new BInt(1)))
                .isInstanceOf(MalformedFieldException.class);
    }

    @Test
    void aPublicKeyMustHave32Bytes() {
        assertThatThrownBy(() -> MutableItems.mutableTarget(new byte[31], null))
                .isInstanceOfSatisfying(MalformedFieldException.class, e -> assertThat(e.field()).isEqualTo("k"))
                .hasMessage("field 'k': expected a byte string of 32 bytes, got 31");
    }
}
