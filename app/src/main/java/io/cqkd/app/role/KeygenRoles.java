package io.cqkd.app.role;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.async.Backoff;
import io.cqkd.dht.discovery.Discovery;
import io.cqkd.keygen.AliceService;
import io.cqkd.keygen.BobService;
import io.cqkd.keygen.WorkerService;
import io.cqkd.keygen.channel.AuthenticatedChannel;
import io.cqkd.phases.Phases;
import io.cqkd.phases.ProcessRole;
import io.cqkd.settings.Addresses;
import io.cqkd.settings.InvalidSettingException;
import io.cqkd.settings.SettingNames;
import io.cqkd.settings.Settings;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CQKD side of a role process: workers lease roles ({@code MAX_CONCURRENT_ROLES} each), Bob
 * measures, Alice serves the key API and runs once Bob's node ({@code BOB_NODE}) has answered.
 * Bootstrap nodes have no CQKD part.
 */
final class KeygenRoles {
    private static final Logger log = LoggerFactory.getLogger(KeygenRoles.class);
    /** Pings to Bob until he answers: every 1 s, doubling to 30 s. */
    private static final Backoff BOB_PAUSES = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 1, 1);

    private KeygenRoles() {}

    /** Starts the role's services on its nodes; returns what must be closed at shutdown. */
    static List<AutoCloseable> start(ProcessRole role, List<DhtNode> nodes, Settings settings,
                                     ScheduledExecutorService timers, RandomGenerator random,
                                     BooleanSupplier shuttingDown, Phases phases, PrometheusRegistry registry)
            throws IOException {
        switch (role) {
            case WORKER -> {
                int maxRoles = settings.get(SettingNames.MAX_CONCURRENT_ROLES);
                for (DhtNode node : nodes) {
                    long seed = random.nextLong();
                    node.scheduler().execute(() -> new WorkerService(node, new SplittableRandom(seed), maxRoles));
                }
                return List.of();
            }
            case BOB -> {
                AuthenticatedChannel channel = ChannelSetup.open(role, settings, registry);
                nodes.forEach(node -> node.scheduler().execute(() -> new BobService(node, channel)));
                return List.of();
            }
            case ALICE -> {
                List<InetSocketAddress> bobNode = settings.get(SettingNames.BOB_NODE);
                if (bobNode.isEmpty()) {
                    throw new InvalidSettingException("BOB_NODE", "", "Alice needs the host:port of Bob's DHT node");
                }
                AuthenticatedChannel channel = ChannelSetup.open(role, settings, registry);
                DhtNode node = nodes.get(0);
                AtomicReference<AliceService> alice = new AtomicReference<>();
                int port = settings.get(SettingNames.ALICE_API_PORT);
                AliceApi api = new AliceApi(new InetSocketAddress(settings.get(SettingNames.ALICE_API_BIND), port), node,
                        alice);
                log.info("event=alice-api-serving port={} paths=/generate-key,/network-status", api.port());
                Discovery discovery = phases.discovery(node, new SplittableRandom(random.nextLong()));
                findBob(node, bobNode.get(0), channel, alice, discovery, timers, random, shuttingDown, 0);
                return List.of(api);
            }
            default -> {
                return List.of();
            }
        }
    }

    /** Pings Bob until he answers (his id is learnt that way); then Alice can run. */
    private static void findBob(DhtNode node, InetSocketAddress bob, AuthenticatedChannel channel,
                                AtomicReference<AliceService> alice,
                                Discovery discovery, ScheduledExecutorService timers, RandomGenerator random, BooleanSupplier shuttingDown,
                                int attempt) {
        InetSocketAddress resolved = Addresses.resolve(bob);
        CompletableFuture<NodeId> ping = resolved.isUnresolved()
                ? CompletableFuture.failedFuture(new IllegalStateException("cannot resolve " + bob.getHostString()))
                : node.ping(resolved);
        ping.whenComplete((id, error) -> {
            if (error == null) {
                long seed = random.nextLong();
                node.scheduler().execute(() -> alice.set(new AliceService(node, new Contact(id, resolved),
                        channel, new SplittableRandom(seed), discovery)));
                log.info("event=bob-found address={} id={}", resolved, id);
            } else if (!shuttingDown.getAsBoolean()) {
                timers.schedule(() -> findBob(node, bob, channel, alice, discovery, timers, random, shuttingDown, attempt + 1),
                        BOB_PAUSES.delay(attempt, random).toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }
}
