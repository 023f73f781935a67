package io.cqkd.wire.krpc;

import io.cqkd.wire.BDict;
import io.cqkd.wire.NodeId;

/** BEP 5 {@code get_peers}: peers announced for {@code infoHash}, else the closest nodes, and a token. */
public record GetPeersQuery(NodeId infoHash) {
    public static final String METHOD = "get_peers";

    public static GetPeersQuery parse(BDict arguments) {
        return new GetPeersQuery(NodeId.of(arguments.requireBytes("info_hash", NodeId.BYTES)));
    }

    public BDict.Builder arguments() {
        return BDict.builder().put("info_hash", infoHash.toBytes());
    }
}
