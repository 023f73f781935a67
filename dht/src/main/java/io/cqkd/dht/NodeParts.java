package io.cqkd.dht;

import io.cqkd.dht.async.RecentSet;
import io.cqkd.dht.rpc.RpcEngine;
import io.cqkd.dht.storage.ItemStore;
import io.cqkd.dht.storage.PeerStore;
import io.cqkd.dht.storage.WriteTokens;
import io.cqkd.transport.Endpoint;
import io.cqkd.wire.BString;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.KrpcCodec;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;

/**
 * The parts of one node and how they are wired: who calls whom is decided here and only here. Built
 * on the node's loop once its socket is bound; the node starts with the default policies.
 */
record NodeParts(NodeContext context, QueryServer server, OutboundCalls calls, Lookups lookups,
                 BucketRefresher refresher, Join join, ValueOperations values, Maintenance maintenance,
                 InboundDispatch inbound) {

    static NodeParts assemble(NodeId id, DhtConfig config, NodeStats stats, SplittableRandom random, Endpoint endpoint,
                              BString version) {
        NodeContext context = new NodeContext(id, config, stats, random, endpoint, NodePolicies.defaults(config));
        KrpcCodec codec = new KrpcCodec();
        RpcEngine rpc = new RpcEngine(endpoint, codec, stats, version, config.maxOutstandingRpcs(), random.nextInt());
        QueryServer server = new QueryServer(id, config.k(), context.clock, context.table,
                new WriteTokens(random.split(), config.tokenRotation().toNanos(), context.now()),
                new PeerStore(config.maxInfoHashes(), config.maxPeersPerInfoHash(), config.peerTtl().toNanos()),
                new ItemStore(config.maxStoredItems(), config.itemTtl().toNanos()), stats);
        OutboundCalls calls = new OutboundCalls(context, rpc);
        context.events.verifyCandidatesWith(candidate -> calls.verify(candidate.id(), candidate.address()));
        Lookups lookups = new Lookups(context, calls);
        BucketRefresher refresher = new BucketRefresher(context, lookups);
        Join join = new Join(context, calls, lookups, refresher);
        ValueOperations values = new ValueOperations(context, lookups, calls);
        // Good peers seen lately, where a node whose table went dead re-joins first: 2k of them.
        RecentSet<InetSocketAddress, InetSocketAddress> savedPeers = RecentSet.of(2 * config.k());
        Maintenance maintenance = new Maintenance(context, join, calls, refresher, savedPeers);
        InboundDispatch inbound = new InboundDispatch(context, codec, version, rpc, server, calls);
        return new NodeParts(context, server, calls, lookups, refresher, join, values, maintenance, inbound);
    }
}
