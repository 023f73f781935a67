package io.cqkd.dht;

import io.cqkd.wire.NodeId;

/** A BEP 44 put or BEP 5 announce: how many of the closest nodes accepted it, of those asked. */
public record PutResult(NodeId target, int accepted, int attempted) {}
