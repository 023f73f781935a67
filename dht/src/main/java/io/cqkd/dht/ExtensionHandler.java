package io.cqkd.dht;

import io.cqkd.wire.BDict;
import io.cqkd.wire.krpc.Contact;
import java.util.concurrent.CompletableFuture;

/**
 * Serves one extension query (a {@code cqkd_*} method) on the node's loop. The returned values are
 * sent back with the node's id added; a failed future becomes a KRPC error (its
 * {@link io.cqkd.dht.rpc.RpcErrorException} code, else 202).
 */
@FunctionalInterface
public interface ExtensionHandler {
    CompletableFuture<BDict> handle(Contact caller, BDict arguments);
}
