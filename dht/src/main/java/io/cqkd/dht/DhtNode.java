package io.cqkd.dht;

import io.cqkd.dht.async.OnLoop;
import io.cqkd.dht.lookup.LookupPurpose;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.dht.routing.TableView;
import io.cqkd.dht.rpc.RpcResponse;
import io.cqkd.transport.Binder;
import io.cqkd.transport.Clock;
import io.cqkd.transport.Endpoint;
import io.cqkd.transport.Scheduler;
import io.cqkd.transport.Transport;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BString;
import io.cqkd.wire.BValue;
import io.cqkd.wire.Ed25519KeyPair;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import io.cqkd.wire.krpc.Reply;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * One Kademlia node: the public face of parts that each do one thing ({@link InboundDispatch},
 * {@link QueryServer}, {@link OutboundCalls}, {@link Lookups}, {@link Join}, {@link Maintenance},
 * {@link ValueOperations}). Its swappable behaviours are its {@link NodePolicies}; what happens to it
 * is told to {@link NodeEvents} subscribers. All of it is confined to the loop of its
 * {@link Endpoint}: every public method may be called from any thread and returns a future completed
 * on that loop; none blocks.
 */
public final class DhtNode {
    /** BEP 5 client version: "CQ" and a two-byte version. */
    private static final BString VERSION = BString.of(new byte[] {'C', 'Q', 0, 1});

    private final NodeId id;
    private final DhtConfig config;
    private final NodeStats stats;
    private final SplittableRandom random;
    /** The node's parts (see {@link NodeParts}), built on its loop once its socket is bound. */
    private NodeContext node;
    private InboundDispatch inbound;
    private QueryServer server;
    private OutboundCalls calls;
    private Lookups lookups;
    private Join join;
    private BucketRefresher refresher;
    private Maintenance maintenance;
    private ValueOperations values;
    private NodeControl control;

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

    /** Starts a node on the endpoint {@code binder} binds (a port allocator, for example); its parts are built on its loop. */
    public static CompletableFuture<DhtNode> start(Binder binder, NodeId id, DhtConfig config, DhtObserver observer) {
        DhtNode dhtNode = new DhtNode(id, config, observer);
        return binder.bind(dhtNode::onPacket).thenCompose(endpoint ->
                OnLoop.run(endpoint.scheduler(), () -> dhtNode.assemble(endpoint)).thenApply(v -> dhtNode));
    }

    /** Builds the parts, on the node's loop, once its socket is bound. */
    private void assemble(Endpoint endpoint) {
        NodeParts p = NodeParts.assemble(id, config, stats, random, endpoint, VERSION);
        node = p.context();
        server = p.server();
        calls = p.calls();
        lookups = p.lookups();
        refresher = p.refresher();
        join = p.join();
        values = p.values();
        maintenance = p.maintenance();
        inbound = p.inbound();
        control = new NodeControl(node, calls, refresher);
        maintenance.start();
    }

    private void onPacket(InetSocketAddress sender, byte[] payload, long receivedAtNanos) {
        if (inbound != null) { // datagrams that arrive before the parts exist are not ours to answer yet
            inbound.onPacket(sender, payload, receivedAtNanos);
        }
    }

    public NodeId id() {
        return id;
    }

    public InetSocketAddress address() {
        return node.endpoint.localAddress();
    }

    public Contact contact() {
        return new Contact(id, address());
    }

    public DhtConfig config() {
        return config;
    }

    /** The clock of the node's loop (virtual in simulation): what extensions must read time from. */
    public Clock clock() {
        return node.clock;
    }

    /** The node's loop: extensions schedule their timers here, never on a thread of their own. */
    public Scheduler scheduler() {
        return node.scheduler;
    }

    public NodeStats stats() {
        return stats;
    }

    /** A read-only view of the routing table; read it on the node's loop only (tests, the simulator, policies). */
    public TableView routingTable() {
        return node.table;
    }

    /** BEP 44 items and BEP 5 info-hashes this node stores, as of the last write (for metrics, any thread). */
    public int storedValuesSnapshot() {
        return server == null ? 0 : server.storedSnapshot();
    }

    /** The routing-table size as of its last change, from any thread without waiting (for metrics). */
    public int routingTableSizeSnapshot() {
        return node == null ? 0 : node.tableSizeSnapshot();
    }

    /** What the scaling phases may do to this node: policies, events, eviction, refresh, load. */
    public NodeControl control() {
        return control;
    }

    /** Registers the server side of an extension query ({@code cqkd_*}), on the node's loop. */
    public CompletableFuture<Void> registerExtension(String method, ExtensionHandler handler) {
        return OnLoop.run(node.scheduler, () -> server.register(method, handler));
    }

    /**
     * Joins the network: pings {@code seeds}, looks up our own id, then refreshes the buckets the
     * refresh policy names so that the table covers the whole id space.
     */
    public CompletableFuture<BootstrapResult> bootstrap(List<InetSocketAddress> seeds) {
        return OnLoop.call(node.scheduler, () -> join.bootstrap(seeds));
    }

    /**
     * Completes when the first bootstrap has finished the lookup of our own id: the node can serve and
     * route from then on (bittorrent-dht calls this "ready"), while the bucket refreshes go on.
     */
    public CompletableFuture<LookupResult> ready() {
        return join.ready();
    }

    /** This node founds a new network (a bootstrap node with no one to join): it is ready at once. */
    public CompletableFuture<Void> startNewNetwork() {
        return OnLoop.run(node.scheduler, join::startNewNetwork);
    }

    /** Pings an address; completes with the id that answered. */
    public CompletableFuture<NodeId> ping(InetSocketAddress address) {
        return OnLoop.call(node.scheduler, () -> calls.call(address, null, "ping", node.withOurId(BDict.builder()))
                .thenApply(Reply::id));
    }

    /** Iterative find_node: the k closest live nodes to {@code target}. */
    public CompletableFuture<LookupResult> lookup(NodeId target) {
        return OnLoop.call(node.scheduler, () -> lookups.findNode(target, LookupPurpose.FIND));
    }

    /** Stores an immutable BEP 44 item on the k nodes closest to its hash. */
    public CompletableFuture<PutResult> putImmutable(BValue value) {
        return OnLoop.call(node.scheduler, () -> values.putImmutable(value));
    }

    /** Signs and stores a mutable BEP 44 item (key, salt) at version {@code seq}; {@code cas} may be null. */
    public CompletableFuture<PutResult> putMutable(Ed25519KeyPair key, byte[] salt, long seq, BValue value, Long cas) {
        return OnLoop.call(node.scheduler, () -> values.putMutable(key, salt, seq, value, cas));
    }

    /** Finds an immutable item by its hash; the value is checked against the hash before it is believed. */
    public CompletableFuture<GetResult> getImmutable(NodeId target) {
        return OnLoop.call(node.scheduler, () -> values.getImmutable(target));
    }

    /** Finds the newest correctly signed version of a mutable item. */
    public CompletableFuture<GetResult> getMutable(byte[] publicKey, byte[] salt) {
        return OnLoop.call(node.scheduler, () -> values.getMutable(publicKey, salt));
    }

    /** BEP 5 announce: get_peers to the closest nodes for their tokens, then announce_peer to them. */
    public CompletableFuture<PutResult> announce(NodeId infoHash, int port) {
        return OnLoop.call(node.scheduler, () -> values.announce(infoHash, port));
    }

    /** BEP 5 get_peers lookup: every peer announced for {@code infoHash} that the lookup met. */
    public CompletableFuture<PeersResult> getPeers(NodeId infoHash) {
        return OnLoop.call(node.scheduler, () -> values.getPeers(infoHash));
    }

    /**
     * Sends {@code method(arguments)} to {@code peer} alone, our id added: an extension query
     * ({@code cqkd_*}), or a BEP 5 / 44 query aimed at one node (a health check). {@code peer.id()}
     * is the id we expect (an answer under another is learnt from as such). Completes with the
     * answer's values as received.
     */
    public CompletableFuture<BDict> query(Contact peer, String method, BDict arguments) {
        return OnLoop.call(node.scheduler, () -> calls.send(peer.address(), peer.id(), method,
                node.withOurId(arguments.toBuilder())).thenApply(RpcResponse::values));
    }

    /** As {@link #query(Contact, String, BDict)}, failing after {@code timeout} whatever the call-timing policy says. */
    public CompletableFuture<BDict> query(Contact peer, String method, BDict arguments, Duration timeout) {
        return OnLoop.call(node.scheduler, () -> calls.send(peer.address(), peer.id(), method,
                node.withOurId(arguments.toBuilder()), timeout).thenApply(RpcResponse::values));
    }

    /** As {@link #query(Contact, String, BDict)} to an address whose node id is not known yet. */
    public CompletableFuture<BDict> query(InetSocketAddress address, String method, BDict arguments) {
        return OnLoop.call(node.scheduler, () -> calls.send(address, null, method,
                node.withOurId(arguments.toBuilder())).thenApply(RpcResponse::values));
    }

    /** Leaves: fails calls in flight, stops timers and closes the socket. Once stopped, does nothing. */
    public CompletableFuture<Void> stop() {
        return OnLoop.call(node.scheduler, () -> {
            if (node.stopped()) {
                return CompletableFuture.completedFuture(null);
            }
            node.markStopped();
            maintenance.stop();
            calls.close();
            return node.endpoint.close();
        });
    }

    /** Whether {@link #stop()} has run; read on the node's loop (an extension deciding to go on). */
    public boolean isStopped() {
        return node.stopped();
    }
}
