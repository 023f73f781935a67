package io.cqkd.wire.krpc;

import io.cqkd.wire.BDict;
import io.cqkd.wire.NodeId;

/** BEP 5 {@code find_node}: "give me the nodes you know closest to {@code target}". */
public record FindNodeQuery(NodeId target) {
    public static final String METHOD = "find_node";

    public static FindNodeQuery parse(BDict arguments) {
        return new FindNodeQuery(NodeId.of(arguments.requireBytes("target", NodeId.BYTES)));
    }

    public BDict.Builder arguments() {
        return BDict.builder().put("target", target.toBytes());
    }
}
