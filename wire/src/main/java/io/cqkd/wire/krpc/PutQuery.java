package io.cqkd.wire.krpc;

import io.cqkd.wire.BDict;
import io.cqkd.wire.BValue;
import io.cqkd.wire.MalformedFieldException;

/**
 * BEP 44 {@code put}. Immutable: only {@code v}. Mutable: also the Ed25519 public key {@code k}, the
 * signature {@code sig} over (salt, seq, v), the sequence number {@code seq}, an optional
 * {@code salt} and an optional compare-and-swap {@code cas} (the seq the writer expects to replace).
 */
public record PutQuery(BValue value, byte[] token, byte[] publicKey, byte[] signature, Long seq, byte[] salt, Long cas) {
    public static final String METHOD = "put";

    public static PutQuery immutable(BValue value, byte[] token) {
        return new PutQuery(value, token, null, null, null, null, null);
    }

    public boolean isMutable() {
        return publicKey != null;
    }

    public static PutQuery parse(BDict a) {
        BValue v = a.get("v");
        if (v == null) {
            throw new MalformedFieldException("v", "missing");
        }
        byte[] token = a.requireString("token").toBytes();
        if (!a.has("k")) {
            return immutable(v, token);
        }
        byte[] k = a.requireBytes("k", 32);
        byte[] sig = a.requireBytes("sig", 64);
        long seq = a.requireInt("seq");
        var salt = a.optionalString("salt");
        return new PutQuery(v, token, k, sig, seq, salt == null ? new byte[0] : salt.toBytes(), a.optionalInt("cas"));
    }

    public BDict.Builder arguments() {
        BDict.Builder b = BDict.builder().put("v", value).put("token", token);
        if (isMutable()) {
            b.put("k", publicKey).put("sig", signature).put("seq", seq);
            if (salt != null && salt.length > 0) {
                b.put("salt", salt);
            }
            if (cas != null) {
                b.put("cas", cas);
            }
        }
        return b;
    }
}
