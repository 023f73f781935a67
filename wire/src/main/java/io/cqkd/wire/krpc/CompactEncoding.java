package io.cqkd.wire.krpc;

import io.cqkd.wire.MalformedFieldException;
import io.cqkd.wire.NodeId;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * BEP 5 compact formats: a peer is 6 bytes (IPv4 + port, network order), a node is 26 bytes (id +
 * peer). IPv6 contacts are not carried (BEP 32 is out of scope): they are skipped when encoding.
 */
public final class CompactEncoding {
    public static final int PEER_BYTES = 6;
    public static final int NODE_BYTES = NodeId.BYTES + PEER_BYTES;

    private CompactEncoding() {}

    public static byte[] encodeNodes(List<Contact> contacts) {
        int ipv4 = 0;
        for (Contact c : contacts) {
            ipv4 += isIpv4(c.address()) ? 1 : 0;
        }
        byte[] out = new byte[ipv4 * NODE_BYTES];
        int offset = 0;
        for (Contact c : contacts) {
            if (!isIpv4(c.address())) {
                continue;
            }
            c.id().writeInto(out, offset);
            writePeer(c.address(), out, offset + NodeId.BYTES);
            offset += NODE_BYTES;
        }
        return out;
    }

    public static List<Contact> decodeNodes(String field, byte[] data) {
        if (data.length % NODE_BYTES != 0) {
            throw new MalformedFieldException(field,
                    "compact node info must be a multiple of 26 bytes, got " + data.length);
        }
        List<Contact> contacts = new ArrayList<>(data.length / NODE_BYTES);
        for (int offset = 0; offset < data.length; offset += NODE_BYTES) {
            InetSocketAddress address = readPeer(data, offset + NodeId.BYTES);
            if (address.getPort() != 0) { // port 0 cannot be contacted: skip, as other clients do
                contacts.add(new Contact(NodeId.read(data, offset), address));
            }
        }
        return contacts;
    }

    public static byte[] encodePeer(InetSocketAddress address) {
        byte[] out = new byte[PEER_BYTES];
        writePeer(address, out, 0);
        return out;
    }

    public static InetSocketAddress decodePeer(String field, byte[] data) {
        if (data.length != PEER_BYTES) {
            throw new MalformedFieldException(field, "compact peer info must be 6 bytes, got " + data.length);
        }
        return readPeer(data, 0);
    }

    public static boolean isIpv4(InetSocketAddress address) {
        return address.getAddress() instanceof Inet4Address;
    }

    private static void writePeer(InetSocketAddress address, byte[] out, int offset) {
        byte[] ip = address.getAddress().getAddress();
        if (ip.length != 4) {
            throw new IllegalArgumentException("only IPv4 addresses have a compact form: " + address);
        }
        System.arraycopy(ip, 0, out, offset, 4);
        out[offset + 4] = (byte) (address.getPort() >>> 8);
        out[offset + 5] = (byte) address.getPort();
    }

    private static InetSocketAddress readPeer(byte[] data, int offset) {
        byte[] ip = {data[offset], data[offset + 1], data[offset + 2], data[offset + 3]};
        int port = ((data[offset + 4] & 0xFF) << 8) | (data[offset + 5] & 0xFF);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException impossible) { // four bytes always make an address
            throw new IllegalStateException(impossible);
        }
    }
}
