package io.cqkd.dht.rpc;

import io.cqkd.wire.BDict;
import java.net.InetSocketAddress;

/** The return values of a call, who sent them, and the round-trip time measured at receipt. */
public record RpcResponse(InetSocketAddress from, BDict values, long rttNanos) {}
