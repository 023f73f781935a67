package io.cqkd.transport;

import java.net.InetSocketAddress;

/**
 * Receives the datagrams of one {@link Endpoint}, always on the endpoint's loop.
 *
 * <p>Timing contract: {@code receivedAtNanos} is read from the endpoint's clock as close to the
 * arrival of the datagram as the transport can, before any decoding, so that round-trip times
 * measured from it are not inflated by queueing inside the node.
 */
@FunctionalInterface
public interface PacketHandler {
    void onPacket(InetSocketAddress sender, byte[] payload, long receivedAtNanos);
}
