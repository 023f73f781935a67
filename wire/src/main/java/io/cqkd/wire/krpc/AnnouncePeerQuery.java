package io.cqkd.wire.krpc;

import io.cqkd.wire.BDict;
import io.cqkd.wire.MalformedFieldException;
import io.cqkd.wire.NodeId;

/**
 * BEP 5 {@code announce_peer}: "I am a peer for {@code infoHash} at {@code port}" (or at the port
 * this query came from, when {@code impliedPort}), with the token a {@code get_peers} answer gave.
 */
public record AnnouncePeerQuery(NodeId infoHash, int port, boolean impliedPort, byte[] token) {
    public static final String METHOD = "announce_peer";

    public static AnnouncePeerQuery parse(BDict arguments) {
        NodeId infoHash = NodeId.of(arguments.requireBytes("info_hash", NodeId.BYTES));
        Long implied = arguments.optionalInt("implied_port");
        boolean impliedPort = implied != null && implied != 0;
        Long port = arguments.optionalInt("port");
        if (!impliedPort && (port == null || port < 1 || port > 65535)) {
            throw new MalformedFieldException("port", "expected a port in [1, 65535], got " + port);
        }
        byte[] token = arguments.requireString("token").toBytes();
        return new AnnouncePeerQuery(infoHash, port == null ? 0 : port.intValue(), impliedPort, token);
    }

    public BDict.Builder arguments() {
        BDict.Builder b = BDict.builder().put("info_hash", infoHash.toBytes()).put("port", port).put("token", token);
        if (impliedPort) {
            b.put("implied_port", 1);
        }
        return b;
    }
}
