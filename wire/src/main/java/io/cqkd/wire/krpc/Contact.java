package io.cqkd.wire.krpc;

import io.cqkd.wire.NodeId;
import java.net.InetSocketAddress;

/** A node as the wire names it: its id and its UDP address (BEP 5 "compact node info"). */
public record Contact(NodeId id, InetSocketAddress address) {
    public Contact {
        if (id == null || address == null) {
            throw new IllegalArgumentException("a contact needs an id and an address");
        }
    }

    @Override
    public String toString() {
        return id.shortHex() + "@" + address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
