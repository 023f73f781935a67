package io.cqkd.transport;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * A source of datagram endpoints. {@link UdpTransport} binds real sockets on Netty;
 * {@link io.cqkd.transport.sim.SimNetwork} simulates a network in virtual time. Node code is the
 * same on both: only the transport (and so the clock) differs.
 */
public interface Transport extends AutoCloseable {
    /**
     * Binds an endpoint at {@code address}; port 0 asks for any free port. The future fails with
     * {@link java.net.BindException} when the address is taken.
     */
    CompletableFuture<Endpoint> bind(InetSocketAddress address, PacketHandler handler);

    /** Counters of what this transport did, for all its endpoints together. */
    TransportStats stats();

    @Override
    void close();
}
