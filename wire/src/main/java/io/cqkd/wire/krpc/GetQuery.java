package io.cqkd.wire.krpc;

import io.cqkd.wire.BDict;
import io.cqkd.wire.NodeId;

/**
 * BEP 44 {@code get}: the item stored under {@code target}, else the closest nodes, and a token. With
 * {@code seq}, a mutable item is only returned when the stored one is newer.
 */
public record GetQuery(NodeId target, Long seq) {
    public static final String METHOD = "get";

    public static GetQuery parse(BDict arguments) {
        return new GetQuery(NodeId.of(arguments.requireBytes("target", NodeId.BYTES)), arguments.optionalInt("seq"));
    }

    public BDict.Builder arguments() {
        BDict.Builder b = BDict.builder().put("target", target.toBytes());
        if (seq != null) {
            b.put("seq", seq);
        }
        return b;
    }
}
