package io.cqkd.phases.health;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.rpc.RpcErrorException;
import io.cqkd.wire.BDict;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.WireException;
import io.cqkd.wire.krpc.CompactEncoding;
import io.cqkd.wire.krpc.Contact;
import io.cqkd.wire.krpc.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The server side of {@code cqkd_probe}, SWIM's indirect probe: "ping this node for me". Arguments:
 * {@code target}, the node as 26 bytes of compact node info; {@code timeout_ms}, how long the asker
 * waits. The target is pinged twice at most, each within half that time (capped at
 * {@link #MAX_TIMEOUT}), and the answer is {@code alive} 1 if it answered under its id, else 0 — the
 * asker learns whether the path from here works, which a lost datagram on its own path cannot
 * tell it. Bounded: at most {@link #MAX_IN_FLIGHT} probes at once, more are refused with error 202
 * (counted): one query makes at most two pings, so the node is no amplifier. Confined to the node's
 * loop.
 */
final class ProbeServer {
    static final String METHOD = "cqkd_probe";
    /**
     * Probes served at once. When many nodes die together, every live node asks three probers per
     * suspect: with a fifth of 1,000 nodes dead, a node is asked ~100 times within a few seconds,
     * and at 64 the refusals left a third of the suspicions without confirmation (each such one
     * keeps a dead node up to 10 s longer). Each costs two small pings, so the bound guards memory
     * and the node's call slots, not the network.
     */
    static final int MAX_IN_FLIGHT = 256;
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);

    private final DhtNode node;
    private final HealthCounters counters;
    private final CallRoom room;
    private int inFlight;

    ProbeServer(DhtNode node, HealthCounters counters, CallRoom room) {
        this.node = node;
        this.counters = counters;
        this.room = room;
    }

    CompletableFuture<BDict> handle(Contact caller, BDict arguments) {
        Contact target;
        Duration timeout;
        try {
            List<Contact> named = CompactEncoding.decodeNodes("target", arguments.requireString("target").toBytes());
            Long millis = arguments.optionalInt("timeout_ms");
            if (named.size() != 1) {
                counters.probeServed("malformed");
                return CompletableFuture.failedFuture(new RpcErrorException(ErrorCode.PROTOCOL,
                        "target: expected one compact node, got " + named.size()));
            }
            target = named.get(0);
            timeout = millis == null || millis <= 0 || millis > MAX_TIMEOUT.toMillis()
                    ? MAX_TIMEOUT : Duration.ofMillis(millis);
        } catch (WireException e) {
            counters.probeServed("malformed");
            return CompletableFuture.failedFuture(new RpcErrorException(ErrorCode.PROTOCOL, e.getMessage()));
        }
        if (target.id().equals(node.id()) || inFlight >= MAX_IN_FLIGHT || !room.admit("probe-ping")) {
            counters.probeServed("refused");
            return CompletableFuture.failedFuture(new RpcErrorException(ErrorCode.SERVER, "probe refused: busy"));
        }
        inFlight++;
        counters.probeServed("answered");
        Duration each = timeout.dividedBy(2);
        return ping(target, each).thenCompose(alive -> alive ? CompletableFuture.completedFuture(true) : ping(target, each))
                .thenApply(alive -> {
                    inFlight--;
                    return BDict.builder().put("alive", alive ? 1 : 0).build();
                });
    }

    private CompletableFuture<Boolean> ping(Contact target, Duration timeout) {
        counters.rpc("probe-ping");
        return node.query(target, "ping", BDict.empty(), timeout).handle((values, error) -> {
            if (error != null) {
                return false;
            }
            try {
                return NodeId.of(values.requireBytes("id", NodeId.BYTES)).equals(target.id());
            } catch (WireException e) {
                return false;
            }
        });
    }
}
