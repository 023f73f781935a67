package io.cqkd.dht;

import io.cqkd.dht.lookup.LookupResult;
import java.net.InetSocketAddress;
import java.util.List;

/** A BEP 5 get_peers lookup: the peers found, without duplicates. */
public record PeersResult(List<InetSocketAddress> peers, LookupResult lookup) {}
