package io.cqkd.app.role;

import io.cqkd.app.admin.AdminServer;
import io.cqkd.app.admin.PhaseGuard;
import io.cqkd.app.metrics.MetricsServer;
import io.cqkd.app.metrics.PortMetrics;
import io.cqkd.app.metrics.ProcessMetrics;
import io.cqkd.dht.BootstrapException;
import io.cqkd.dht.BootstrapResult;
import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.phases.bootstrap.BootstrapService;
import io.cqkd.phases.bootstrap.BootstrapTier;
import io.cqkd.phases.bootstrap.TieredJoin;
import io.cqkd.phases.ports.PortAllocationException;
import io.cqkd.phases.ports.PortPlan;
import io.cqkd.phases.ports.PortRegistry;
import io.cqkd.settings.Feature;
import io.cqkd.keygen.AliceService;
import io.cqkd.keygen.BobService;
import io.cqkd.keygen.WorkerService;
import io.cqkd.settings.InvalidSettingException;
import io.cqkd.settings.SettingNames;
import io.cqkd.settings.Settings;
import io.cqkd.transport.UdpTransport;
import io.cqkd.wire.NodeId;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the nodes of one role (bootstrap, worker, alice, bob) in this process until SIGTERM: binds
 * them on consecutive ports from the effective port, serves /metrics, /health and /ready, joins the
 * network (retrying with capped backoff while no bootstrap node answers), and on SIGTERM stops every
 * node (calls in flight fail at once), closes the sockets and logs the final counters.
 */
public final class RoleRunner {
    private static final Logger log = LoggerFactory.getLogger(RoleRunner.class);
    private static final Duration MAX_RETRY_PAUSE = Duration.ofSeconds(30);

    private final String role;
    private final Settings settings;
    private final int count;
    private final List<DhtNode> nodes = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final SecureRandom random = new SecureRandom();
    private final List<AutoCloseable> services = new CopyOnWriteArrayList<>();
    private PortRegistry portRegistry;
    private io.cqkd.app.admin.RuntimeFlags flags;

    public RoleRunner(String role, Settings settings, int count) {
        this.role = role;
        this.settings = settings;
        this.count = count;
    }

    /** Runs until the JVM is asked to terminate; returns only if start-up fails. */
    public int runUntilTerminated() throws Exception {
        List<InetSocketAddress> seeds = settings.effectiveBootstrapNodes();
        boolean foundsNetwork = role.equals("bootstrap") && seeds.isEmpty();
        if (seeds.isEmpty() && !foundsNetwork) {
            throw new InvalidSettingException("BOOTSTRAP_NODES", "", "a " + role
                    + " needs at least one bootstrap address to join (only a bootstrap node may start a new network)");
        }
        DhtConfig config = settings.effectiveDhtConfig();
        ProcessMetrics metrics = new ProcessMetrics(role, settings, () -> nodes);
        PrometheusRegistry registry = metrics.registry();
        PortMetrics ports = metrics.ports();
        String region = settings.get(SettingNames.REGION);
        ports.initRegion(region);
        UdpTransport transport = new UdpTransport();
        int metricsPort = settings.get(SettingNames.METRICS_PORT);
        MetricsServer metricsServer;
        try {
            metricsServer = new MetricsServer(new InetSocketAddress(metricsPort), registry,
                    () -> !nodes.isEmpty() && nodes.stream().allMatch(n -> n.ready().isDone()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind METRICS_PORT " + metricsPort + " for /metrics: "
                    + (String.valueOf(e.getMessage()).contains("in use") ? "port in use" : e), e);
        }
        int adminPort = settings.get(SettingNames.ADMIN_PORT);
        AdminServer admin;
        try {
            admin = new AdminServer(new InetSocketAddress(settings.get(SettingNames.ADMIN_BIND), adminPort),
                    metrics.flags());
        } catch (IOException e) {
            metricsServer.close();
            throw new IllegalStateException("cannot bind ADMIN_PORT " + adminPort + " for the admin endpoint: "
                    + (String.valueOf(e.getMessage()).contains("in use") ? "port in use" : e), e);
        }
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "join-retry");
            t.setDaemon(true);
            return t;
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(transport, metricsServer, admin, retries),
                "shutdown"));
        Integer explicitPort = settings.get(SettingNames.DHT_PORT);
        int[] range = settings.get(SettingNames.PORT_RANGE);
        PortRegistry portAllocator = new PortRegistry(transport, new InetSocketAddress(0).getAddress(),
                new PortPlan(range[0], range[1], settings.get(SettingNames.REGIONS)),
                () -> metrics.flags().active(Feature.DYNAMIC_PORTS),
                explicitPort != null ? explicitPort : settings.get(SettingNames.FALLBACK_STATIC_PORT), ports);
        this.portRegistry = portAllocator;
        metrics.portsInUse(portAllocator::inUseByRegion);
        int firstPreferred = settings.effectivePort();
        for (int i = 0; i < count; i++) {
            int preferred = firstPreferred + i;
            try {
                DhtNode node = DhtNode.start(portAllocator.binder(preferred, region), NodeId.random(random),
                        config.toBuilder().randomSeed(random.nextLong()).build(), metrics.observer())
                        .get(10, TimeUnit.SECONDS);
                nodes.add(node);
                log.info("event=node-started role={} id={} port={} preferred={}", role, node.id(),
                        node.address().getPort(), preferred);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                String why = cause instanceof PortAllocationException ? cause.getMessage() : String.valueOf(cause);
                throw new IllegalStateException("cannot bind UDP port " + preferred + " for " + role + " node " + (i + 1)
                        + " of " + count + ": " + why, cause);
            }
        }
        // Phase 1's guard: too many failed allocations for a whole window, and dynamic ports roll back.
        PhaseGuard portsGuard = new PhaseGuard(Feature.DYNAMIC_PORTS, "port allocation failure rate",
                ports::failureRateSinceLastCall, settings.get(SettingNames.PORTS_GUARD_MAX_FAILURE_RATE),
                settings.get(SettingNames.GUARD_WINDOW).toNanos(), System::nanoTime, metrics.flags(), metrics.guardTrips());
        retries.scheduleAtFixedRate(portsGuard::check, 1, 1, TimeUnit.SECONDS);
        this.flags = metrics.flags();
        if (role.equals("bootstrap") && flags.active(Feature.MULTI_LEVEL_BOOTSTRAP)) {
            BootstrapTier tier = BootstrapTier.of(settings.get(SettingNames.BOOTSTRAP_LEVEL));
            List<BootstrapService> tierServices = new CopyOnWriteArrayList<>();
            // A regional node heartbeats to the super nodes it joins through, so they can replace it.
            List<InetSocketAddress> supers = tier == BootstrapTier.REGIONAL ? resolvedSeeds(seeds) : List.of();
            for (DhtNode node : nodes) {
                node.scheduler().execute(() -> tierServices.add(new BootstrapService(node, tier,
                        settings.get(SettingNames.REGION), settings.get(SettingNames.MAX_CONNECTIONS), supers)));
            }
            metrics.bootstrapActiveJoins(() -> tierServices.stream().mapToInt(BootstrapService::activeJoins).sum());
            log.info("event=bootstrap-tier tier={} region={} capacity={}", tier.label(),
                    settings.get(SettingNames.REGION), settings.get(SettingNames.MAX_CONNECTIONS));
        }
        if (!role.equals("bootstrap") && flags.active(Feature.MULTI_LEVEL_BOOTSTRAP)) {
            // Any node may be promoted to regional bootstrap node when its region's ones die.
            nodes.forEach(node -> node.scheduler().execute(() -> BootstrapService.acceptPromotion(node)));
        }
        startKeygenServices(retries);
        log.info("event=metrics-serving port={} paths=/metrics,/health,/ready", metricsServer.port());
        log.info("event=admin-serving address={}:{} paths=/flags", settings.get(SettingNames.ADMIN_BIND), admin.port());
        if (foundsNetwork) {
            nodes.forEach(DhtNode::startNewNetwork);
            log.info("event=network-founded role={} nodes={}", role, nodes.size());
        } else {
            for (DhtNode node : nodes) {
                join(node, seeds, retries, Duration.ofSeconds(1));
            }
        }
        stopped.await();
        return 0;
    }

    /** The CQKD side of the role: workers lease roles, Bob measures, Alice serves the key API. */
    private void startKeygenServices(ScheduledExecutorService retries) throws IOException {
        switch (role) {
            case "worker" -> {
                int maxRoles = settings.get(SettingNames.MAX_CONCURRENT_ROLES);
                for (DhtNode node : nodes) {
                    long seed = random.nextLong();
                    node.scheduler().execute(() -> new WorkerService(node, new SplittableRandom(seed), maxRoles));
                }
            }
            case "bob" -> nodes.forEach(node -> node.scheduler().execute(() -> new BobService(node)));
            case "alice" -> {
                List<InetSocketAddress> bobNode = settings.get(SettingNames.BOB_NODE);
                if (bobNode.isEmpty()) {
                    throw new InvalidSettingException("BOB_NODE", "", "Alice needs the host:port of Bob's DHT node");
                }
                DhtNode node = nodes.get(0);
                AtomicReference<AliceService> alice = new AtomicReference<>();
                int port = settings.get(SettingNames.ALICE_API_PORT);
                AliceApi api = new AliceApi(new InetSocketAddress(settings.get(SettingNames.ALICE_API_BIND), port), node,
                        alice);
                services.add(api);
                log.info("event=alice-api-serving port={} paths=/generate-key,/network-status", api.port());
                findBob(node, bobNode.get(0), alice, retries, Duration.ofSeconds(1));
            }
            default -> { }
        }
    }

    /** Pings Bob until he answers (his id is learnt that way), then Alice can run. */
    private void findBob(DhtNode node, InetSocketAddress bob, AtomicReference<AliceService> alice,
                         ScheduledExecutorService retries, Duration pause) {
        InetSocketAddress resolved = resolve(bob);
        CompletableFuture<io.cqkd.wire.NodeId> ping = resolved.isUnresolved()
                ? CompletableFuture.failedFuture(new IllegalStateException("cannot resolve " + bob.getHostString()))
                : node.ping(resolved);
        ping.whenComplete((id, error) -> {
            if (error == null) {
                long seed = random.nextLong();
                node.scheduler().execute(() -> alice.set(new AliceService(node,
                        new io.cqkd.wire.krpc.Contact(id, resolved), new SplittableRandom(seed))));
                log.info("event=bob-found address={} id={}", resolved, id);
            } else if (!node.isStopped()) {
                retries.schedule(() -> findBob(node, bob, alice, retries, nextPause(pause)), pause.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Settings keep host names unresolved: look them up now, when they are used. */
    private static InetSocketAddress resolve(InetSocketAddress address) {
        return new InetSocketAddress(address.getHostString(), address.getPort());
    }

    /** The addresses whose host names resolve now; the others are left out. */
    private static List<InetSocketAddress> resolvedSeeds(List<InetSocketAddress> seeds) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (InetSocketAddress seed : seeds) {
            InetSocketAddress address = resolve(seed);
            if (!address.isUnresolved()) {
                out.add(address);
            }
        }
        return out;
    }

    /** The pause after {@code pause}: twice as long, at most {@link #MAX_RETRY_PAUSE}. */
    private static Duration nextPause(Duration pause) {
        Duration doubled = pause.multipliedBy(2);
        return doubled.compareTo(MAX_RETRY_PAUSE) > 0 ? MAX_RETRY_PAUSE : doubled;
    }

    /** Joins; while no bootstrap node answers, tries again after a jittered pause that doubles up to 30 s. */
    private void join(DhtNode node, List<InetSocketAddress> seeds, ScheduledExecutorService retries, Duration pause) {
        List<InetSocketAddress> resolved = resolvedSeeds(seeds);
        // Phase 2: the tiered join (load-aware, admission, failover) when its flag is on; else the flat join.
        boolean tiered = flags.active(Feature.MULTI_LEVEL_BOOTSTRAP) && !role.equals("bootstrap");
        CompletableFuture<BootstrapResult> attempt = resolved.isEmpty()
                ? CompletableFuture.failedFuture(new BootstrapException("no bootstrap address resolves: " + seeds))
                : tiered ? new TieredJoin(node, settings.get(SettingNames.REGION), new SplittableRandom(random.nextLong()))
                        .join(resolved)
                : node.bootstrap(resolved);
        attempt.whenComplete((result, error) -> {
            if (error == null) {
                log.info("event=joined role={} id={} seeds_answered={} table={} ready_ms={} total_ms={}", role,
                        node.id(), result.seedsAnswered(), result.tableSize(), result.selfLookupNanos() / 1_000_000,
                        result.totalNanos() / 1_000_000);
                return;
            }
            if (node.isStopped()) {
                return;
            }
            if (role.equals("bootstrap") && !node.ready().isDone()) {
                // Bootstrap nodes list each other; the first one up finds nobody and founds the
                // network, and keeps trying to join the others so that two founders merge.
                node.startNewNetwork();
                log.info("event=network-founded role={} id={} reason=\"no other bootstrap node answered\"", role,
                        node.id());
            }
            long jittered = pause.toMillis() / 2 + (long) (random.nextDouble() * pause.toMillis());
            log.warn("event=join-failed role={} id={} retry_in_ms={} reason=\"{}\"", role, node.id(), jittered,
                    error.getCause() != null ? error.getCause().getMessage() : error.getMessage());
            retries.schedule(() -> join(node, seeds, retries, nextPause(pause)), jittered, TimeUnit.MILLISECONDS);
        });
    }

    private void shutDown(UdpTransport transport, MetricsServer metricsServer, AdminServer admin,
                          ScheduledExecutorService retries) {
        log.info("event=stopping role={} nodes={}", role, nodes.size());
        retries.shutdownNow();
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (DhtNode node : nodes) {
            stopping.add(node.stop());
        }
        try {
            CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("event=stop-incomplete role={} reason=\"{}\"", role, e.toString());
        }
        if (portRegistry != null) {
            nodes.forEach(n -> portRegistry.release(n.address().getPort()));
        }
        Map<String, Long> totals = new TreeMap<>();
        nodes.forEach(n -> n.stats().snapshot().forEach((k, v) -> totals.merge(k, v, Long::sum)));
        log.info("event=stopped role={} nodes={} counters={}", role, nodes.size(), totals);
        for (AutoCloseable service : services) {
            try {
                service.close();
            } catch (Exception e) {
                log.warn("event=close-failed reason=\"{}\"", e.toString());
            }
        }
        metricsServer.close();
        admin.close();
        transport.close();
        stopped.countDown();
    }

}
