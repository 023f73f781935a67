package io.cqkd.dht;

import io.cqkd.dht.lookup.Lookup;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.dht.routing.RoutingEntry;
import io.cqkd.dht.routing.RoutingTable;
import io.cqkd.dht.rpc.RpcEngine;
import io.cqkd.dht.rpc.RpcErrorException;
import io.cqkd.dht.rpc.RpcResponse;
import io.cqkd.dht.rpc.RpcTimeoutException;
import io.cqkd.dht.storage.ItemStore;
import io.cqkd.dht.storage.PeerStore;
import io.cqkd.dht.storage.WriteTokens;
import io.cqkd.transport.Cancellable;
import io.cqkd.transport.Clock;
import io.cqkd.transport.Endpoint;
import io.cqkd.transport.Scheduler;
import io.cqkd.transport.Transport;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BString;
import io.cqkd.wire.BValue;
import io.cqkd.wire.Ed25519KeyPair;
import io.cqkd.wire.Ed25519Verifier;
import io.cqkd.wire.MutableItems;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.WireException;
import io.cqkd.wire.krpc.AnnouncePeerQuery;
import io.cqkd.wire.krpc.Contact;
import io.cqkd.wire.krpc.ErrorCode;
import io.cqkd.wire.krpc.FindNodeQuery;
import io.cqkd.wire.krpc.GetPeersQuery;
import io.cqkd.wire.krpc.GetQuery;
import io.cqkd.wire.krpc.KrpcCodec;
import io.cqkd.wire.krpc.KrpcMessage;
import io.cqkd.wire.krpc.MalformedMessageException;
import io.cqkd.wire.krpc.PutQuery;
import io.cqkd.wire.krpc.Reply;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One Kademlia node: a routing table, the stores, an RPC engine and the query server, all confined
 * to the loop of its {@link Endpoint}. Every public method may be called from any thread and returns
 * a future completed on the node's loop; none blocks.
 */
public final class DhtNode {
    /** BEP 5 client version: "CQ" and a two-byte version. */
    private static final BString VERSION = BString.of(new byte[] {'C', 'Q', 0, 1});
    /** Tries per node within a lookup: with 5 % loss a round trip fails 1 time in 10, three in a row 1 in 1,000. */
    private static final int LOOKUP_ATTEMPTS = 3;
    /** Bound on the self-lookups of one join while the network around us is still forming. */
    private static final int MAX_SELF_LOOKUPS = 6;

    private final NodeId id;
    private final DhtConfig config;
    private final NodeStats stats;
    private final KrpcCodec codec = new KrpcCodec();
    private final SplittableRandom random;
    private Endpoint endpoint;
    private Clock clock;
    private Scheduler scheduler;
    private RoutingTable table;
    private RpcEngine rpc;
    private QueryServer server;
    private Verifications verifications;
    private Cancellable maintenance;
    private volatile boolean stopped;
    private final CompletableFuture<LookupResult> ready = new CompletableFuture<>();
    /** Routing-table size as of the last change, readable from any thread (metrics). */
    private volatile int tableSizeSnapshot;
    /** The addresses of the first bootstrap, for a re-bootstrap of last resort. */
    private List<InetSocketAddress> bootstrapSeeds = List.of();
    /** Nodes that were good lately: where a node whose table went dead re-joins first. */
    private final ArrayDeque<InetSocketAddress> savedPeers = new ArrayDeque<>();
    private boolean rejoining;

    private DhtNode(NodeId id, DhtConfig config, DhtObserver observer) {
        this.id = id;
        this.config = config;
        this.stats = new NodeStats(observer);
        this.random = new SplittableRandom(config.randomSeed() ^ id.hashCode());
    }

    /** Binds a node with {@code id} at {@code address} (port 0: any) on {@code transport}. */
    public static CompletableFuture<DhtNode> start(Transport transport, InetSocketAddress address, NodeId id,
                                                   DhtConfig config) {
        return start(transport, address, id, config, DhtObserver.NONE);
    }

    /** As {@link #start(Transport, InetSocketAddress, NodeId, DhtConfig)}, reporting to {@code observer}. */
    public static CompletableFuture<DhtNode> start(Transport transport, InetSocketAddress address, NodeId id,
                                                   DhtConfig config, DhtObserver observer) {
        return start(handler -> transport.bind(address, handler), id, config, observer);
    }

    /** Starts a node on the endpoint {@code binder} binds (a port allocator, for example). */
    public static CompletableFuture<DhtNode> start(io.cqkd.transport.Binder binder, NodeId id, DhtConfig config,
                                                   DhtObserver observer) {
        DhtNode node = new DhtNode(id, config, observer);
        return binder.bind(node::onPacket).thenApply(endpoint -> {
            node.attach(endpoint);
            return node;
        });
    }

    private void attach(Endpoint boundEndpoint) {
        this.endpoint = boundEndpoint;
        this.clock = boundEndpoint.clock();
        this.scheduler = boundEndpoint.scheduler();
        long now = clock.nanoTime();
        this.table = new RoutingTable(id, config.k(), config.questionableAfter().toNanos(), config.maxFailures());
        this.rpc = new RpcEngine(boundEndpoint, codec, stats, VERSION, config.maxOutstandingRpcs(), random.nextInt());
        this.server = new QueryServer(id, config.k(), clock, table,
                new WriteTokens(random.split(), config.tokenRotation().toNanos(), now),
                new PeerStore(config.maxInfoHashes(), config.maxPeersPerInfoHash(), config.peerTtl().toNanos()),
                new ItemStore(config.maxStoredItems(), config.itemTtl().toNanos()),
                stats);
        this.verifications = new Verifications(config.maxPendingVerifications(), 4 * config.maxPendingVerifications(),
                (expectedId, address) -> call(address, expectedId, "ping", BDict.builder()), stats);
        scheduleMaintenance();
    }

    // ---- identity and state ---------------------------------------------------------------------

    public NodeId id() {
        return id;
    }

    public InetSocketAddress address() {
        return endpoint.localAddress();
    }

    public Contact contact() {
        return new Contact(id, address());
    }

    public DhtConfig config() {
        return config;
    }

    /** The clock of the node's loop (virtual in simulation): what extensions must read time from. */
    public Clock clock() {
        return clock;
    }

    /** The node's loop: extensions schedule their timers here, never on a thread of their own. */
    public Scheduler scheduler() {
        return scheduler;
    }

    public NodeStats stats() {
        return stats;
    }

    /** The routing table, for inspection on the node's loop only (tests and the simulator). */
    public RoutingTable routingTable() {
        return table;
    }

    /** BEP 44 items and BEP 5 info-hashes this node stores, as of the last write (for metrics). */
    public int storedValuesSnapshot() {
        return server == null ? 0 : server.storedSnapshot();
    }

    /** The routing-table size as of its last change, from any thread without waiting (for metrics). */
    public int routingTableSizeSnapshot() {
        return tableSizeSnapshot;
    }

    public CompletableFuture<Integer> routingTableSize() {
        return onLoop(() -> CompletableFuture.completedFuture(table.size()));
    }

    /** Registers the server side of an extension query ({@code cqkd_*}). */
    public void registerExtension(String method, ExtensionHandler handler) {
        server.register(method, handler);
    }

    // ---- public API -------------------------------------------------------------------------------

    /**
     * Joins the network: pings {@code seeds}, looks up our own id, then refreshes every bucket
     * farther than our closest neighbour so that the table covers the whole id space.
     */
    public CompletableFuture<BootstrapResult> bootstrap(List<InetSocketAddress> seeds) {
        return onLoop(() -> {
            if (bootstrapSeeds.isEmpty()) {
                bootstrapSeeds = List.copyOf(seeds);
            }
            long start = clock.nanoTime();
            List<CompletableFuture<Boolean>> pings = new ArrayList<>();
            for (InetSocketAddress seed : seeds) {
                pings.add(pingPatiently(seed, 1, config.lookupStallTimeout()));
            }
            return CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new)).<BootstrapResult>thenCompose(ignored -> {
                int answered = (int) pings.stream().filter(CompletableFuture::join).count();
                if (answered == 0 && table.closest(id, 1, clock.nanoTime()).isEmpty()) {
                    throw new BootstrapException("none of the " + seeds.size() + " bootstrap nodes answered "
                            + seeds + " and the routing table has no live node");
                }
                return selfLookup(1, config.lookupStallTimeout().dividedBy(20), -1).thenCompose(self -> {
                    long selfLookupNanos = clock.nanoTime() - start;
                    ready.complete(self);
                    return refreshFartherBuckets().thenApply(refreshed -> new BootstrapResult(answered,
                            table.size(), selfLookupNanos, clock.nanoTime() - start, refreshed, self));
                });
            }).whenComplete((result, error) -> stats.bootstrapDone(error == null, clock.nanoTime() - start));
        });
    }

    /**
     * Pings a bootstrap address until it answers or {@code bootstrapAttempts} calls failed, each
     * waiting twice as long as the one before, jittered so that nodes started together do not retry
     * together (a seed that dropped a burst of pings is not hit by the same burst again).
     */
    private CompletableFuture<Boolean> pingPatiently(InetSocketAddress seed, int attempt, Duration timeout) {
        CompletableFuture<Boolean> answered = new CompletableFuture<>();
        callRaw(seed, null, "ping", BDict.builder(), timeout).whenComplete((r, e) -> {
            if (e == null) {
                answered.complete(true);
            } else if (attempt >= config.bootstrapAttempts() || stopped) {
                answered.complete(false);
            } else {
                Duration next = timeout.multipliedBy(2);
                Duration pause = Duration.ofNanos((long) (random.nextDouble() * timeout.toNanos()));
                stats.event("bootstrap.ping-retry");
                scheduler.schedule(pause, () -> pingPatiently(seed, attempt + 1, next)
                        .whenComplete((ok, err) -> answered.complete(err == null && ok)));
            }
        });
        return answered;
    }

    /**
     * Looks up our own id. A result with fewer than k nodes can mean a small network, or a network not
     * there yet (everyone joining at once through one bootstrap node that has not verified them all):
     * look again after a short jittered pause, doubling, for as long as each new look finds more nodes
     * than the one before (a small network stops growing at once, a forming one keeps growing).
     */
    private CompletableFuture<LookupResult> selfLookup(int attempt, Duration pause, int previousSize) {
        return findNode(id).thenCompose(result -> {
            int size = result.closest().size();
            boolean sparse = size < config.k() && size > previousSize;
            if (!sparse || attempt >= MAX_SELF_LOOKUPS || stopped) {
                return CompletableFuture.completedFuture(result);
            }
            stats.event("bootstrap.sparse-self-lookup");
            CompletableFuture<LookupResult> again = new CompletableFuture<>();
            Duration jittered = pause.plus(Duration.ofNanos((long) (random.nextDouble() * pause.toNanos())));
            scheduler.schedule(jittered, () -> selfLookup(attempt + 1, pause.multipliedBy(2), size)
                    .whenComplete((r, e) -> {
                        if (e != null) {
                            again.completeExceptionally(e);
                        } else {
                            again.complete(r);
                        }
                    }));
            return again;
        });
    }

    /**
     * Completes when the first bootstrap has finished the lookup of our own id: the node can serve and
     * route from then on (bittorrent-dht calls this "ready"), while the bucket refreshes go on.
     */
    public CompletableFuture<LookupResult> ready() {
        return ready;
    }

    /** This node founds a new network (a bootstrap node with no one to join): it is ready at once. */
    public void startNewNetwork() {
        ready.complete(new LookupResult(id, List.of(), java.util.Map.of(), 0, 0, 0, false));
    }

    /** Pings an address; completes with the id that answered. */
    public CompletableFuture<NodeId> ping(InetSocketAddress address) {
        return onLoop(() -> call(address, null, "ping", BDict.builder()).thenApply(Reply::id));
    }

    /** Iterative find_node: the k closest live nodes to {@code target}. */
    public CompletableFuture<LookupResult> lookup(NodeId target) {
        return onLoop(() -> findNode(target));
    }

    /** Stores an immutable BEP 44 item on the k nodes closest to its hash. */
    public CompletableFuture<PutResult> putImmutable(BValue value) {
        return onLoop(() -> {
            NodeId target = MutableItems.immutableTarget(value);
            return storeAtClosest(target, token -> PutQuery.immutable(value, token).arguments());
        });
    }

    /** Signs and stores a mutable BEP 44 item (key, salt) at version {@code seq}; {@code cas} may be null. */
    public CompletableFuture<PutResult> putMutable(Ed25519KeyPair key, byte[] salt, long seq, BValue value, Long cas) {
        return onLoop(() -> {
            byte[] signature = key.sign(MutableItems.signatureBuffer(salt, seq, value));
            NodeId target = MutableItems.mutableTarget(key.publicKey(), salt);
            return storeAtClosest(target, token -> new PutQuery(value, token, key.publicKey(), signature, seq, salt, cas)
                    .arguments());
        });
    }

    /** Finds an immutable item by its hash; the value is checked against the hash before it is believed. */
    public CompletableFuture<GetResult> getImmutable(NodeId target) {
        return onLoop(() -> {
            BValue[] found = new BValue[1];
            Lookup.ReplyObserver observer = (from, reply) -> {
                if (reply.value() != null && MutableItems.immutableTarget(reply.value()).equals(target)) {
                    found[0] = reply.value();
                    return true;
                }
                return false;
            };
            return runLookup(target, GetQuery.METHOD, new GetQuery(target, null).arguments(), observer)
                    .thenApply(lookup -> new GetResult(found[0], null, lookup));
        });
    }

    /** Finds the newest correctly signed version of a mutable item. */
    public CompletableFuture<GetResult> getMutable(byte[] publicKey, byte[] salt) {
        return onLoop(() -> {
            NodeId target = MutableItems.mutableTarget(publicKey, salt);
            BValue[] best = new BValue[1];
            long[] bestSeq = {Long.MIN_VALUE};
            Lookup.ReplyObserver observer = (from, reply) -> {
                if (reply.value() != null && reply.seq() != null && reply.signature() != null
                        && java.util.Arrays.equals(reply.publicKey(), publicKey) && reply.seq() > bestSeq[0]
                        && Ed25519Verifier.verify(publicKey, MutableItems.signatureBuffer(salt, reply.seq(), reply.value()),
                                reply.signature())) {
                    best[0] = reply.value();
                    bestSeq[0] = reply.seq();
                }
                return false; // keep going: a closer node may hold a newer version
            };
            return runLookup(target, GetQuery.METHOD, new GetQuery(target, null).arguments(), observer)
                    .thenApply(lookup -> new GetResult(best[0], best[0] == null ? null : bestSeq[0], lookup));
        });
    }

    /** BEP 5 announce: get_peers to the closest nodes for their tokens, then announce_peer to them. */
    public CompletableFuture<PutResult> announce(NodeId infoHash, int port) {
        return onLoop(() -> runLookup(infoHash, GetPeersQuery.METHOD, new GetPeersQuery(infoHash).arguments(),
                Lookup.ReplyObserver.NONE).thenCompose(lookup -> sendToClosest(lookup,
                        token -> new AnnouncePeerQuery(infoHash, port, port == 0, token).arguments(),
                        AnnouncePeerQuery.METHOD)));
    }

    /** BEP 5 get_peers lookup: every peer announced for {@code infoHash} that the lookup met. */
    public CompletableFuture<PeersResult> getPeers(NodeId infoHash) {
        return onLoop(() -> {
            Set<InetSocketAddress> found = new LinkedHashSet<>();
            Lookup.ReplyObserver observer = (from, reply) -> {
                for (InetSocketAddress peer : reply.peers()) {
                    if (found.size() < 10 * config.maxPeersPerInfoHash()) {
                        found.add(peer);
                    }
                }
                return false;
            };
            return runLookup(infoHash, GetPeersQuery.METHOD, new GetPeersQuery(infoHash).arguments(), observer)
                    .thenApply(lookup -> new PeersResult(List.copyOf(found), lookup));
        });
    }

    /**
     * Sends an extension query (a {@code cqkd_*} method) to {@code peer}; our id is added to the
     * arguments. The answer's values are returned as received.
     */
    public CompletableFuture<BDict> callExtension(Contact peer, String method, BDict arguments) {
        return callExtension(peer.address(), peer.id(), method, arguments);
    }

    /** As {@link #callExtension(Contact, String, BDict)} to an address whose node id is not known yet. */
    public CompletableFuture<BDict> callExtension(InetSocketAddress address, String method, BDict arguments) {
        return callExtension(address, null, method, arguments);
    }

    private CompletableFuture<BDict> callExtension(InetSocketAddress address, NodeId expectedId, String method,
                                                   BDict arguments) {
        return onLoop(() -> callRaw(address, expectedId, method, arguments.toBuilder())
                .thenApply(RpcResponse::values));
    }

    /** Leaves: fails calls in flight, stops timers and closes the socket. */
    public CompletableFuture<Void> stop() {
        if (stopped) {
            return CompletableFuture.completedFuture(null);
        }
        return onLoop(() -> {
            stopped = true;
            if (maintenance != null) {
                maintenance.cancel();
            }
            rpc.close();
            return endpoint.close();
        });
    }

    public boolean isStopped() {
        return stopped;
    }

    // ---- inbound ------------------------------------------------------------------------------------

    private void onPacket(java.net.InetSocketAddress sender, byte[] payload, long receivedAtNanos) {
        if (stopped || endpoint == null) {
            return;
        }
        stats.packetReceived();
        if (payload.length > config.maxPacketBytes()) {
            stats.dropped("oversize");
            return;
        }
        KrpcMessage message;
        try {
            message = codec.decode(payload);
        } catch (MalformedMessageException e) {
            stats.dropped("malformed-" + e.reason());
            if (e.transactionId() != null) {
                stats.errorSent(ErrorCode.PROTOCOL);
                send(sender, new KrpcMessage.Error(e.transactionId(), ErrorCode.PROTOCOL, "malformed message"));
            }
            return;
        }
        if (message instanceof KrpcMessage.Query query) {
            onQuery(sender, query);
        } else {
            rpc.complete(sender, message, receivedAtNanos);
        }
    }

    private void onQuery(InetSocketAddress sender, KrpcMessage.Query query) {
        NodeId caller;
        try {
            caller = NodeId.of(query.arguments().requireBytes("id", NodeId.BYTES));
        } catch (WireException e) {
            stats.dropped("query-without-id");
            stats.errorSent(ErrorCode.PROTOCOL);
            send(sender, new KrpcMessage.Error(query.transactionId(), ErrorCode.PROTOCOL, "missing or bad id"));
            return;
        }
        server.serve(new Contact(caller, sender), query, this::send);
        if (!query.readOnly() && !caller.equals(id)) {
            long now = clock.nanoTime();
            table.onQuery(caller, sender, now);
            if (table.wouldAccept(caller, now)) {
                verify(caller, sender);
            }
        }
    }

    /** Pings a node before it may enter the table: a query alone proves nothing about its address. */
    private void verify(NodeId expectedId, InetSocketAddress address) {
        verifications.request(expectedId, address);
    }

    private void send(InetSocketAddress to, KrpcMessage message) {
        if (!stopped) {
            endpoint.send(to, codec.encode(message, VERSION));
        }
    }

    // ---- outbound -----------------------------------------------------------------------------------

    /**
     * Calls {@code method} and keeps the routing table honest: an answer verifies its sender, a
     * timeout counts against the node we expected there.
     */
    private CompletableFuture<RpcResponse> callRaw(InetSocketAddress address, NodeId expectedId, String method,
                                                   BDict.Builder arguments) {
        return callRaw(address, expectedId, method, arguments, config.rpcTimeout());
    }

    private CompletableFuture<RpcResponse> callRaw(InetSocketAddress address, NodeId expectedId, String method,
                                                   BDict.Builder arguments, Duration timeout) {
        return callRaw(address, expectedId, method, withOurId(arguments), timeout);
    }

    /** The query's arguments with our id, as every KRPC query carries it. */
    private BDict withOurId(BDict.Builder arguments) {
        return arguments.put("id", id.toBytes()).build();
    }

    private CompletableFuture<RpcResponse> callRaw(InetSocketAddress address, NodeId expectedId, String method,
                                                   BDict arguments, Duration timeout) {
        return rpc.call(address, method, arguments, timeout).whenComplete((response, error) -> {
            long now = clock.nanoTime();
            if (error == null) {
                NodeId answered;
                try {
                    answered = NodeId.of(response.values().requireBytes("id", NodeId.BYTES));
                } catch (WireException e) {
                    return; // the caller's parsing reports it
                }
                if (expectedId != null && !expectedId.equals(answered)) {
                    table.remove(expectedId); // someone else lives at that address now
                }
                RoutingEntry questionable = table.onResponse(new Contact(answered, address), now, response.rttNanos());
                tableSizeSnapshot = table.size();
                if (questionable != null) {
                    verify(questionable.id(), questionable.address());
                }
            } else if (error instanceof RpcTimeoutException && expectedId != null) {
                table.onFailure(expectedId, address, now);
            }
        });
    }

    private CompletableFuture<Reply> call(InetSocketAddress address, NodeId expectedId, String method,
                                          BDict.Builder arguments) {
        return call(address, expectedId, method, withOurId(arguments));
    }

    private CompletableFuture<Reply> call(InetSocketAddress address, NodeId expectedId, String method,
                                          BDict arguments) {
        return callRaw(address, expectedId, method, arguments, config.rpcTimeout()).thenApply(response -> {
            try {
                return Reply.parse(response.values());
            } catch (WireException e) {
                stats.dropped("malformed-reply");
                throw new RpcErrorException(ErrorCode.PROTOCOL, "malformed reply to " + method + ": " + e.getMessage());
            }
        });
    }

    private CompletableFuture<LookupResult> findNode(NodeId target) {
        return runLookup(target, FindNodeQuery.METHOD, new FindNodeQuery(target).arguments(), Lookup.ReplyObserver.NONE);
    }

    /** A bucket refresh: narrow ({@code refreshK}) and one call at a time, background work. */
    private CompletableFuture<LookupResult> refreshLookup(NodeId target) {
        return runLookup(target, config.refreshK(), 1, FindNodeQuery.METHOD, new FindNodeQuery(target).arguments(),
                Lookup.ReplyObserver.NONE);
    }

    private CompletableFuture<LookupResult> runLookup(NodeId target, String method, BDict.Builder arguments,
                                                      Lookup.ReplyObserver observer) {
        return runLookup(target, config.k(), config.alpha(), method, arguments, observer);
    }

    private CompletableFuture<LookupResult> runLookup(NodeId target, int width, int parallelism, String method,
                                                      BDict.Builder arguments, Lookup.ReplyObserver observer) {
        BDict args = withOurId(arguments); // built once: every call of the lookup sends the same query
        Lookup lookup = new Lookup(id, target, width, parallelism, LOOKUP_ATTEMPTS, config.lookupStallTimeout(),
                scheduler,
                contact -> call(contact.address(), contact.id(), method, args), observer);
        return lookup.start(table.closest(target, config.k(), clock.nanoTime()))
                .whenComplete((r, e) -> stats.lookupDone(e == null && !r.closest().isEmpty(), e == null ? r.hops() : 0));
    }

    private CompletableFuture<PutResult> storeAtClosest(NodeId target,
                                                        java.util.function.Function<byte[], BDict.Builder> query) {
        return runLookup(target, GetQuery.METHOD, new GetQuery(target, null).arguments(), Lookup.ReplyObserver.NONE)
                .thenCompose(lookup -> sendToClosest(lookup, query, PutQuery.METHOD));
    }

    /** Sends a write (announce_peer or put) with its token to each of the closest nodes that gave one. */
    private CompletableFuture<PutResult> sendToClosest(LookupResult lookup,
                                                       java.util.function.Function<byte[], BDict.Builder> query,
                                                       String method) {
        List<CompletableFuture<Boolean>> writes = new ArrayList<>();
        for (Contact c : lookup.closest()) {
            byte[] token = lookup.tokens().get(c.id());
            if (token != null) {
                writes.add(call(c.address(), c.id(), method, query.apply(token)).handle((r, e) -> e == null));
            }
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenApply(ignored -> new PutResult(
                lookup.target(), (int) writes.stream().filter(CompletableFuture::join).count(), writes.size()));
    }

    /** Looks up a random id in each bucket farther than our closest neighbour that has fewer than alpha nodes. */
    private CompletableFuture<Integer> refreshFartherBuckets() {
        int closest = table.closestBucketIndex();
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        for (int i = closest + 1; i < NodeId.BITS && closest >= 0; i++) {
            // A bucket that already offers alpha routes into its part of the id space is left to the
            // periodic refresh: refreshing it now would only add load while the whole network joins.
            if (table.bucketSize(i) < config.alpha()) {
                todo.add(i);
            }
        }
        int total = todo.size();
        CompletableFuture<Integer> done = new CompletableFuture<>();
        int[] running = {0}; // confined to the loop: no atomics needed
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            while (running[0] < config.bootstrapParallelism() && !todo.isEmpty()) {
                int bucket = todo.poll();
                running[0]++;
                table.markRefreshed(bucket, clock.nanoTime());
                refreshLookup(NodeId.randomInBucket(id, bucket, random)).whenComplete((r, e) -> {
                    running[0]--;
                    next[0].run();
                });
            }
            if (todo.isEmpty() && running[0] == 0 && !done.isDone()) {
                done.complete(total);
            }
        };
        next[0].run();
        return done;
    }

    // ---- maintenance ----------------------------------------------------------------------------------

    private void scheduleMaintenance() {
        maintenance = scheduler.schedule(config.maintenanceInterval(), () -> {
            if (stopped) {
                return;
            }
            maintain();
            scheduleMaintenance();
        });
    }

    /** Pings questionable nodes (so bad ones get replaced) and refreshes buckets that went stale. */
    private void maintain() {
        long now = clock.nanoTime();
        List<RoutingEntry> good = table.entriesIn(NodeState.GOOD, now);
        if (!good.isEmpty()) {
            rememberPeers(good);
        } else if (ready.isDone() && !rejoining && table.entriesIn(NodeState.QUESTIONABLE, now).isEmpty()) {
            rejoin();
        }
        int budget = 8; // bounded work per round, whatever the table's state
        for (RoutingEntry e : table.entriesIn(NodeState.QUESTIONABLE, now)) {
            if (budget-- == 0) {
                break;
            }
            verify(e.id(), e.address());
        }
        // A bad node stays in its bucket only while no replacement has come; after a partition heals
        // it may be alive again, and a ping that it answers makes it good (cheaper than forgetting it).
        budget = 4;
        for (RoutingEntry e : table.entriesIn(NodeState.BAD, now)) {
            if (budget-- == 0) {
                break;
            }
            verify(e.id(), e.address());
        }
        int from = table.closestBucketIndex();
        if (from < 0) {
            return;
        }
        int refreshes = 2;
        for (int bucket : table.staleBuckets(from, now, config.bucketRefreshInterval().toNanos())) {
            if (refreshes-- == 0) {
                break;
            }
            table.markRefreshed(bucket, now);
            refreshLookup(NodeId.randomInBucket(id, bucket, random));
        }
    }

    /** Keeps up to 2k addresses of good nodes, the freshest last. */
    private void rememberPeers(List<RoutingEntry> good) {
        for (RoutingEntry e : good) {
            savedPeers.remove(e.address());
            savedPeers.addLast(e.address());
        }
        while (savedPeers.size() > 2 * config.k()) {
            savedPeers.removeFirst();
        }
    }

    /**
     * Every entry of the table is bad (a partition, or the network around us went away): join again
     * through the peers that were good lately, and only if none answers through the bootstrap nodes.
     */
    private void rejoin() {
        rejoining = true;
        List<InetSocketAddress> saved = new ArrayList<>(savedPeers);
        stats.event("bootstrap.rejoin-attempt");
        CompletableFuture<BootstrapResult> attempt = saved.isEmpty()
                ? CompletableFuture.failedFuture(new BootstrapException("no saved peers"))
                : bootstrap(saved);
        attempt.handle((r, e) -> {
            if (e == null) {
                stats.event("bootstrap.rejoined-from-saved-peers");
                return CompletableFuture.completedFuture(r);
            }
            if (bootstrapSeeds.isEmpty()) {
                return CompletableFuture.<BootstrapResult>failedFuture(e);
            }
            stats.event("bootstrap.rejoin-from-bootstrap-nodes");
            return bootstrap(bootstrapSeeds);
        }).thenCompose(f -> f).whenComplete((r, e) -> rejoining = false);
    }

    /** How many times this node re-joined through its saved peers (for tests and operators). */
    public long rejoinsFromSavedPeers() {
        return stats.get("bootstrap.rejoined-from-saved-peers");
    }

    // ---- loop confinement -----------------------------------------------------------------------------

    private <T> CompletableFuture<T> onLoop(Supplier<CompletableFuture<T>> action) {
        if (scheduler.inLoop()) {
            return guarded(action);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        scheduler.execute(() -> guarded(action).whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        }));
        return result;
    }

    private static <T> CompletableFuture<T> guarded(Supplier<CompletableFuture<T>> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
