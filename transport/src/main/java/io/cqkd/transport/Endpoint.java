package io.cqkd.transport;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * One bound datagram socket (real or simulated) and the loop it is confined to. A node owns exactly
 * one endpoint; it reads time from {@link #clock()} and schedules work on {@link #scheduler()}.
 */
public interface Endpoint {
    InetSocketAddress localAddress();

    /**
     * Sends one datagram, best effort (UDP semantics: it may be lost, duplicated or reordered, and a
     * failure is counted by the transport, never thrown). Call it from the endpoint's loop.
     */
    void send(InetSocketAddress recipient, byte[] payload);

    Clock clock();

    Scheduler scheduler();

    /** Closes the socket; no packet is delivered and no scheduled task runs afterwards. */
    CompletableFuture<Void> close();
}
