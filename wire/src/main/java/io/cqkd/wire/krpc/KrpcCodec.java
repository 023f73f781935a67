package io.cqkd.wire.krpc;

import io.cqkd.wire.BDict;
import io.cqkd.wire.BInt;
import io.cqkd.wire.BList;
import io.cqkd.wire.BString;
import io.cqkd.wire.BValue;
import io.cqkd.wire.Bencode;
import io.cqkd.wire.BencodeException;
import io.cqkd.wire.BencodeLimits;
import io.cqkd.wire.WireException;

/** Datagram bytes to {@link KrpcMessage} and back. Stateless; decoding never throws anything else. */
public final class KrpcCodec {
    /** Transaction ids are opaque, but a long one is abuse: BEP 5 clients use 2 to 4 bytes. */
    public static final int MAX_TRANSACTION_ID_BYTES = 16;

    private final BencodeLimits limits;

    public KrpcCodec(BencodeLimits limits) {
        this.limits = limits;
    }

    public KrpcCodec() {
        this(BencodeLimits.DEFAULT);
    }

    /**
     * Reads one message. Throws {@link MalformedMessageException}, with the transaction id when one
     * was readable, for any datagram that is not a well-formed KRPC envelope.
     */
    public KrpcMessage decode(byte[] datagram) {
        BValue root;
        try {
            root = Bencode.decode(datagram, 0, datagram.length, limits);
        } catch (BencodeException e) {
            throw new MalformedMessageException(null, "bencode", e);
        }
        if (!(root instanceof BDict dict)) {
            throw new MalformedMessageException(null, "not-a-dict", null);
        }
        BString tid = dict.get("t") instanceof BString t && t.length() <= MAX_TRANSACTION_ID_BYTES ? t : null;
        if (tid == null) {
            throw new MalformedMessageException(null, "no-transaction-id", null);
        }
        try {
            String type = dict.requireString("y").asUtf8();
            switch (type) {
                case "q" -> {
                    BInt ro = dict.get("ro") instanceof BInt i ? i : null;
                    return new KrpcMessage.Query(tid, dict.requireString("q").asUtf8(),
                            dict.requireDict("a"), ro != null && ro.value() == 1);
                }
                case "r" -> {
                    return new KrpcMessage.Response(tid, dict.requireDict("r"));
                }
                case "e" -> {
                    BList e = dict.requireList("e");
                    if (e.items().size() < 2 || !(e.items().get(0) instanceof BInt code)
                            || !(e.items().get(1) instanceof BString message)) {
                        throw new MalformedMessageException(tid, "bad-error-list", null);
                    }
                    return new KrpcMessage.Error(tid, (int) code.value(), message.asUtf8());
                }
                default -> throw new MalformedMessageException(tid, "unknown-message-type", null);
            }
        } catch (MalformedMessageException e) {
            throw e;
        } catch (WireException e) {
            throw new MalformedMessageException(tid, "bad-envelope", e);
        }
    }

    public byte[] encode(KrpcMessage message, BString version) {
        BDict.Builder out = BDict.builder().put("t", message.transactionId());
        if (version != null) {
            out.put("v", version);
        }
        if (message instanceof KrpcMessage.Query q) {
            out.put("y", "q").put("q", q.method()).put("a", q.arguments());
            if (q.readOnly()) {
                out.put("ro", 1);
            }
        } else if (message instanceof KrpcMessage.Response r) {
            out.put("y", "r").put("r", r.values());
        } else if (message instanceof KrpcMessage.Error e) {
            out.put("y", "e").put("e", BList.of(new BInt(e.code()), BString.utf8(e.message())));
        }
        return Bencode.encode(out.build());
    }
}
