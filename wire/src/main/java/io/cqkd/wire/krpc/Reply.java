package io.cqkd.wire.krpc;

import io.cqkd.wire.BDict;
import io.cqkd.wire.BList;
import io.cqkd.wire.BString;
import io.cqkd.wire.BValue;
import io.cqkd.wire.MalformedFieldException;
import io.cqkd.wire.NodeId;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The return values of any BEP 5 / BEP 44 query, read leniently about which fields are present (each
 * method returns a different subset) and strictly about the form of those that are.
 *
 * @param nodes closer nodes ({@code nodes}), empty when absent
 * @param token write token ({@code token}), or null
 * @param peers announced peers ({@code values} of get_peers), empty when absent
 * @param value a BEP 44 item ({@code v}), or null
 */
public record Reply(NodeId id, List<Contact> nodes, byte[] token, List<InetSocketAddress> peers,
                    BValue value, byte[] publicKey, byte[] signature, Long seq) {

    public static Reply parse(BDict r) {
        NodeId id = NodeId.of(r.requireBytes("id", NodeId.BYTES));
        BString nodes = r.optionalString("nodes");
        BString token = r.optionalString("token");
        BList values = r.optionalList("values");
        List<InetSocketAddress> peers = List.of();
        if (values != null) {
            peers = new ArrayList<>(values.items().size());
            for (BValue item : values.items()) {
                if (!(item instanceof BString s)) {
                    throw new MalformedFieldException("values", "expected compact peer strings");
                }
                peers.add(CompactEncoding.decodePeer("values", s.toBytes()));
            }
        }
        BValue v = r.get("v");
        BString k = r.optionalString("k");
        BString sig = r.optionalString("sig");
        return new Reply(id,
                nodes == null ? List.of() : CompactEncoding.decodeNodes("nodes", nodes.toBytes()),
                token == null ? null : token.toBytes(),
                peers, v,
                k == null ? null : k.toBytes(),
                sig == null ? null : sig.toBytes(),
                r.optionalInt("seq"));
    }

    /** Builds the return values a node sends. */
    public static final class Builder {
        private final BDict.Builder out = BDict.builder();

        public Builder(NodeId self) {
            out.put("id", self.toBytes());
        }

        public Builder nodes(List<Contact> contacts) {
            out.put("nodes", CompactEncoding.encodeNodes(contacts));
            return this;
        }

        public Builder token(byte[] token) {
            out.put("token", token);
            return this;
        }

        public Builder peers(List<InetSocketAddress> peers) {
            List<BValue> items = new ArrayList<>(peers.size());
            for (InetSocketAddress p : peers) {
                if (CompactEncoding.isIpv4(p)) {
                    items.add(BString.of(CompactEncoding.encodePeer(p)));
                }
            }
            out.put("values", new BList(items));
            return this;
        }

        public Builder item(BValue v, byte[] publicKey, byte[] signature, Long seq) {
            out.put("v", v);
            if (publicKey != null) {
                out.put("k", publicKey).put("sig", signature).put("seq", seq);
            }
            return this;
        }

        public Builder seq(long seq) {
            out.put("seq", seq);
            return this;
        }

        public BDict build() {
            return out.build();
        }
    }
}
