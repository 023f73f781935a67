package io.cqkd.keygen.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqkd.dht.rpc.RpcErrorException;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BString;
import io.cqkd.transport.EnumCounters;
import io.cqkd.wire.Ed25519KeyPair;
import org.junit.jupiter.api.Test;

class AuthenticatedChannelTest {
    private static final String PARITY = "cqkd_bob_parity";
    private final Ed25519KeyPair aliceKey = Ed25519KeyPair.fromSeed(seed(1));
    private final Ed25519KeyPair bobKey = Ed25519KeyPair.fromSeed(seed(2));
    private final AuthenticatedChannel alice = new AuthenticatedChannel(new ChannelKeys(aliceKey, bobKey.publicKey()),
            new EnumCounters<>(ChannelRefusal.class));
    private final AuthenticatedChannel bob = new AuthenticatedChannel(new ChannelKeys(bobKey, aliceKey.publicKey()),
            new EnumCounters<>(ChannelRefusal.class));
    private final BString pid = BString.utf8("run-1");
    private final ChannelSession aliceRun = new ChannelSession();
    private final ChannelSession bobRun = new ChannelSession();

    private static byte[] seed(int b) {
        byte[] seed = new byte[32];
        seed[0] = (byte) b;
        return seed;
    }

    private BDict question() {
        return alice.request(aliceRun, PARITY, pid, BDict.builder().put("blocks", "x"));
    }

    @Test
    void aSignedQuestionIsAcceptedOnceAndItsSignedAnswerToo() {
        BDict q = question();
        assertThat(bob.verify(PARITY, q)).isEqualTo(pid);
        bob.admit(bobRun, PARITY, q);
        BDict a = bob.answer(PARITY, q, BDict.builder().put("parities", "0"));
        assertThat(alice.verifyAnswer(PARITY, q, a).requireString("parities").asUtf8()).isEqualTo("0");
        assertThatThrownBy(() -> bob.admit(bobRun, PARITY, q)).isInstanceOf(RpcErrorException.class)
                .hasMessageContaining("replay");
        assertThat(bob.refusals().count(ChannelRefusal.REPLAY)).isEqualTo(1);
    }

    @Test
    void theNodeIdTheDhtAddsAfterSigningDoesNotBreakTheSignature() {
        BDict q = question().toBuilder().put("id", new byte[20]).build();
        assertThat(bob.verify(PARITY, q)).isEqualTo(pid);
    }

    @Test
    void unsignedAlteredMovedOrThirdPartyMessagesAreRefusedAndCounted() {
        BDict q = question();
        BDict unsigned = BDict.builder().put("pid", pid).put("seq", 9).put("blocks", "x").build();
        BDict altered = q.toBuilder().put("blocks", "y").build();
        BDict otherRun = q.toBuilder().put("pid", "run-2").build();
        Ed25519KeyPair mallory = Ed25519KeyPair.fromSeed(seed(3));
        BDict thirdParty = new AuthenticatedChannel(new ChannelKeys(mallory, bobKey.publicKey()), new EnumCounters<>(ChannelRefusal.class))
                .request(new ChannelSession(), PARITY, pid, BDict.builder().put("blocks", "x"));
        assertThatThrownBy(() -> bob.verify(PARITY, unsigned)).hasMessageContaining("signature missing");
        for (BDict forged : new BDict[] {altered, otherRun, thirdParty}) {
            assertThatThrownBy(() -> bob.verify(PARITY, forged)).hasMessageContaining("signature invalid");
        }
        assertThatThrownBy(() -> bob.verify("cqkd_bob_flip", q)).as("signed for another method")
                .hasMessageContaining("signature invalid");
        assertThat(bob.refusals().count(ChannelRefusal.UNSIGNED)).isEqualTo(1);
        assertThat(bob.refusals().count(ChannelRefusal.BAD_SIGNATURE)).isEqualTo(4);
    }

    @Test
    void anAnswerToAnotherQuestionOrFromAnotherKeyIsRefused() {
        BDict first = question();
        BDict second = question();
        BDict answerToFirst = bob.answer(PARITY, first, BDict.builder().put("parities", "1"));
        assertThatThrownBy(() -> alice.verifyAnswer(PARITY, second, answerToFirst))
                .hasMessageContaining("another question");
        BDict selfSigned = alice.answer(PARITY, first, BDict.builder().put("parities", "1"));
        assertThatThrownBy(() -> alice.verifyAnswer(PARITY, first, selfSigned)).hasMessageContaining("not signed");
        assertThat(alice.refusals().count(ChannelRefusal.MISMATCH)).isEqualTo(1);
        assertThat(alice.refusals().count(ChannelRefusal.BAD_SIGNATURE)).isEqualTo(1);
    }
}
