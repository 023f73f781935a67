package io.cqkd.transport;

import java.util.concurrent.CompletableFuture;

/**
 * Binds an endpoint for a given packet handler: a fixed address on a transport, or a port allocator
 * that tries ports until one binds (the allocation and the socket are then the same bind).
 */
@FunctionalInterface
public interface Binder {
    CompletableFuture<Endpoint> bind(PacketHandler handler);
}
