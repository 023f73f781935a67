package io.cqkd.keygen.channel;

import io.cqkd.dht.rpc.RpcErrorException;
import io.cqkd.transport.EnumCounters;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BString;
import io.cqkd.wire.BValue;
import io.cqkd.wire.Bencode;
import io.cqkd.wire.Ed25519KeyPair;
import io.cqkd.wire.Ed25519Verifier;
import io.cqkd.wire.krpc.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The authenticated channel between Alice and Bob, over plain KRPC queries. Every message — each
 * query and each answer — carries the run's id ({@code pid}), a number ({@code seq}; an answer
 * carries its question's as {@code re}) and an Ed25519 signature ({@code sig}) over the method and
 * every other field, so that a message cannot be forged, altered, moved to another run or method,
 * or replayed. QKD assumes exactly this of its classical channel; it does not hide the messages
 * (their content is accounted for as disclosed). One per end; its sessions are per run.
 */
public final class AuthenticatedChannel {
    static final String PID = "pid";
    static final String SEQ = "seq";
    static final String RE = "re";
    static final String SIG = "sig";
    /** The sender's node id, which the DHT layer adds to every query and answer after signing. */
    private static final BString NODE_ID = BString.utf8("id");
    private static final BString SIGNATURE = BString.utf8(SIG);
    /** Prefix of every signed message: a signature made for anything else never verifies here. */
    private static final byte[] DOMAIN = "cqkd-channel 1\n".getBytes(StandardCharsets.US_ASCII);

    private final ChannelKeys keys;
    private final EnumCounters<ChannelRefusal> refusals;

    public AuthenticatedChannel(ChannelKeys keys, EnumCounters<ChannelRefusal> refusals) {
        this.keys = keys;
        this.refusals = refusals;
    }

    /**
     * Signs and checks a few hundred messages (170–290 ms), once at process start and off the node
     * loops: the JDK's EdDSA runs interpreted until the JIT has seen it, and a cold Bob answered
     * Alice's first notification after her call had timed out.
     */
    public void warmUp() {
        byte[] message = DOMAIN.clone();
        for (int i = 0; i < 200; i++) {
            Ed25519Verifier.verify(keys.peerPublicKey(), message, keys.own().sign(message));
        }
    }

    /** An end with {@code keys} that counts its refusals afresh. */
    public static AuthenticatedChannel of(ChannelKeys keys) {
        return new AuthenticatedChannel(keys, new EnumCounters<>(ChannelRefusal.class));
    }

    /** Messages refused, by reason. */
    public EnumCounters<ChannelRefusal> refusals() {
        return refusals;
    }

    /** A question of run {@code pid}: {@code body}, numbered in {@code session} and signed. */
    public BDict request(ChannelSession session, String method, BString pid, BDict.Builder body) {
        return sign(method, body.put(PID, pid).put(SEQ, session.nextSeq()));
    }

    /**
     * Checks a question's signature with the other end's key and returns its run id; throws the
     * refusal the caller sees (and counts it) when it does not verify. Replays are checked by
     * {@link #admit} once the run's session is known.
     */
    public BString verify(String method, BDict question) {
        if (!signedBy(method, question)) {
            throw refuse(question.has(SIG) ? ChannelRefusal.BAD_SIGNATURE : ChannelRefusal.UNSIGNED,
                    method + " is accepted only from the channel's other end (signature "
                            + (question.has(SIG) ? "invalid" : "missing") + ")");
        }
        return question.requireString(PID);
    }

    /** Refuses a question already accepted in {@code session} (a replay); call after {@link #verify}. */
    public void admit(ChannelSession session, String method, BDict question) {
        if (!session.accept(question.requireInt(SEQ))) {
            throw refuse(ChannelRefusal.REPLAY, method + " message " + question.requireInt(SEQ)
                    + " was already received (replay)");
        }
    }

    /** The answer to {@code question}: {@code body}, bound to the question's run and number, signed. */
    public BDict answer(String method, BDict question, BDict.Builder body) {
        return sign(method + "/answer", body.put(PID, question.requireString(PID)).put(RE, question.requireInt(SEQ)));
    }

    /** Checks that {@code answer} is the other end's, to {@code question}; throws (and counts) if not. */
    public BDict verifyAnswer(String method, BDict question, BDict answer) {
        if (!signedBy(method + "/answer", answer)) {
            throw refuse(answer.has(SIG) ? ChannelRefusal.BAD_SIGNATURE : ChannelRefusal.UNSIGNED,
                    "the answer to " + method + " is not signed by the channel's other end");
        }
        if (!answer.requireString(PID).equals(question.requireString(PID))
                || answer.requireInt(RE) != question.requireInt(SEQ)) {
            throw refuse(ChannelRefusal.MISMATCH, "the answer to " + method + " belongs to another question");
        }
        return answer;
    }

    private BDict sign(String method, BDict.Builder unsigned) {
        BDict message = unsigned.build();
        return message.toBuilder().put(SIG, keys.own().sign(signedBytes(method, message))).build();
    }

    private boolean signedBy(String method, BDict message) {
        BValue sig = message.get(SIG);
        if (!(sig instanceof BString s) || s.length() != Ed25519KeyPair.SIGNATURE_BYTES
                || !(message.get(PID) instanceof BString)) {
            return false;
        }
        return Ed25519Verifier.verify(keys.peerPublicKey(), signedBytes(method, message), s.toBytes());
    }

    /** The domain, the method and the bencoded message without its signature and the DHT's node id. */
    private static byte[] signedBytes(String method, BDict message) {
        BDict.Builder unsigned = BDict.builder();
        for (Map.Entry<BString, BValue> e : message.entries()) {
            if (!e.getKey().equals(SIGNATURE) && !e.getKey().equals(NODE_ID)) {
                unsigned.put(e.getKey(), e.getValue());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(DOMAIN);
        out.writeBytes(method.getBytes(StandardCharsets.US_ASCII));
        out.write('\n');
        out.writeBytes(Bencode.encode(unsigned.build()));
        return out.toByteArray();
    }

    private RpcErrorException refuse(ChannelRefusal reason, String why) {
        refusals.increment(reason);
        return new RpcErrorException(ErrorCode.GENERIC, why);
    }
}
