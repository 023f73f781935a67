package io.cqkd.app.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.cluster.Cluster;
import io.cqkd.dht.cluster.SimDriver;
import io.cqkd.keygen.AliceService;
import io.cqkd.keygen.BobService;
import io.cqkd.keygen.Methods;
import io.cqkd.keygen.WorkerService;
import io.cqkd.keygen.channel.AuthenticatedChannel;
import io.cqkd.keygen.channel.ChannelKeys;
import io.cqkd.phases.bootstrap.BootstrapService;
import io.cqkd.phases.bootstrap.BootstrapTier;
import io.cqkd.transport.sim.SimNetwork;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BInt;
import io.cqkd.wire.BList;
import io.cqkd.wire.BString;
import io.cqkd.wire.BValue;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzing every query handler a node can carry — BEP 5 and 44, the worker's, Bob's, Alice's and the
 * bootstrap tiers' {@code cqkd_*} ones — with argument dictionaries of the fields they read, holding
 * values of any type and size. Each call ends in an answer, a KRPC error or a timeout; the node
 * keeps answering, and nothing escapes its loop (the simulator would rethrow it). Short in the
 * default suite; longer: {@code mvn -pl app test -Dtest=QueryHandlerFuzzTest -Djqwik.tries.default=100000}.
 */
class QueryHandlerFuzzTest {
    private static final List<String> METHODS = List.of("ping", "find_node", "get_peers", "announce_peer", "get", "put",
            Methods.ROLE_REQUEST, Methods.ROLE_RELEASE, Methods.SPIN, Methods.BASIS, Methods.POLARIZE, Methods.PHOTON,
            Methods.MEASURE, Methods.COLLIDE, Methods.NOTIFY_BOB, Methods.BOB_DONE, Methods.SIFT, Methods.SAMPLE,
            Methods.PARITY, Methods.FLIP, Methods.FINISH, BootstrapService.STATS, BootstrapService.JOIN,
            BootstrapService.REGISTER, BootstrapService.PROMOTE);
    private static final List<String> FIELDS = List.of("target", "info_hash", "token", "port", "implied_port", "v", "k",
            "sig", "seq", "cas", "salt", "pid", "role", "lease", "op", "party", "basis", "bit", "photon", "batch", "ops",
            "failed", "append", "positions", "keep", "blocks", "abort", "seed", "bits", "region", "capacity", "super",
            "re", "bg", "qpm", "qpc");

    private static Fuzzed network;

    /** One network for every try: a node with every service, Alice's node, and the fuzzer's. */
    private static final class Fuzzed {
        final SimNetwork sim = new SimNetwork(99);
        final Cluster cluster = new Cluster(sim, new SimDriver(sim), 99);
        final List<DhtNode> nodes = cluster.startNodes(3, DhtConfig.defaults(), i -> null);
        final DhtNode target = nodes.get(0);
        final DhtNode alice = nodes.get(1);
        final DhtNode fuzzer = nodes.get(2);

        Fuzzed() {
            ChannelKeys[] keys = ChannelKeys.pair(new SecureRandom());
            cluster.driver().await(io.cqkd.dht.async.OnLoop.run(target.scheduler(), () -> {
                new WorkerService(target, new SplittableRandom(1), 4);
                new BobService(target, AuthenticatedChannel.of(keys[1]));
                new BootstrapService(target, BootstrapTier.SUPER, "any", 100);
                BootstrapService.acceptPromotion(target, List.of(fuzzer.address()));
            }), Duration.ofSeconds(1));
            cluster.driver().await(io.cqkd.dht.async.OnLoop.run(alice.scheduler(), () -> {
                new AliceService(alice, target.contact(), AuthenticatedChannel.of(keys[0]),
                        new SplittableRandom(2));
            }), Duration.ofSeconds(1));
            target.startNewNetwork();
        }
    }

    private static Fuzzed network() {
        if (network == null) {
            network = new Fuzzed();
        }
        return network;
    }

    @AfterContainer
    static void stop() {
        network = null;
    }

    @Property
    void everyHandlerAnswersOrRefusesAnyArgumentsAndTheNodeKeepsServing(@ForAll("methods") String method,
                                                                         @ForAll("arguments") BDict arguments) {
        Fuzzed net = network();
        for (DhtNode to : List.of(net.target, net.alice)) {
            CompletableFuture<BDict> call = net.fuzzer.query(to.contact(), method, arguments).exceptionally(e -> {
                Throwable cause = io.cqkd.dht.async.Futures.cause(e);
                if (cause instanceof io.cqkd.dht.rpc.RpcErrorException error) {
                    // A refusal names what was wrong in the caller's terms, never the node's insides.
                    assertThat(error.reason()).as(method + " refusal").doesNotContain("java.", "io.cqkd", "Exception",
                            "No enum constant", "cannot be cast", "Index ");
                }
                return null;
            });
            net.cluster.driver().await(call, Duration.ofMinutes(1));
        }
        assertThat(net.cluster.driver().await(net.fuzzer.ping(net.target.address()), Duration.ofMinutes(1)))
                .isEqualTo(net.target.id());
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of(METHODS);
    }

    @Provide
    Arbitrary<BDict> arguments() {
        return Arbitraries.maps(Arbitraries.of(FIELDS), value(2)).ofMaxSize(8).map(QueryHandlerFuzzTest::dict);
    }

    private static BDict dict(Map<String, BValue> entries) {
        BDict.Builder b = BDict.builder();
        entries.forEach(b::put);
        return b.build();
    }

    private static Arbitrary<BValue> value(int depth) {
        Arbitrary<BValue> leaf = Arbitraries.oneOf(
                Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-2, 5000))
                        .map(n -> (BValue) new BInt(n)),
                Arbitraries.of(0, 1, 2, 6, 16, 20, 26, 32, 64, 300).flatMap(n -> Arbitraries.bytes().array(byte[].class)
                        .ofSize(n).map(bytes -> (BValue) BString.of(bytes))),
                Arbitraries.of("QSG", "BG", "QPP", "QPM", "QPC", "alice", "bob", "+", "x", "0101", "any")
                        .map(s -> (BValue) BString.utf8(s)));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<BValue> inner = Arbitraries.lazy(() -> value(depth - 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, leaf),
                net.jqwik.api.Tuple.of(1, inner.list().ofMaxSize(5).map(l -> (BValue) new BList(new ArrayList<>(l)))),
                net.jqwik.api.Tuple.of(1, Arbitraries.maps(Arbitraries.of(FIELDS), inner).ofMaxSize(4)
                        .map(m -> (BValue) dict(m))));
    }
}
