package io.cqkd.app.role;

import io.cqkd.app.metrics.ProcessMetrics;
import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.phases.Phases;
import io.cqkd.phases.ProcessContext;
import io.cqkd.phases.ProcessRole;
import io.cqkd.settings.InvalidSettingException;
import io.cqkd.settings.Settings;
import io.cqkd.transport.Transport;
import io.cqkd.transport.UdpTransport;
import io.cqkd.wire.NodeId;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One role process (bootstrap, worker, alice or bob) from start to SIGTERM: it serves its HTTP
 * endpoints, starts its nodes (bound and set up by the phase modules), starts the role's CQKD
 * services, joins, and runs until terminated; then it stops every node (calls in flight fail at
 * once), releases their ports, closes everything and logs the final counters. It knows no phase by
 * name: {@link Phases} is its only door to them.
 */
public final class RoleProcess {
    private static final Logger log = LoggerFactory.getLogger(RoleProcess.class);

    private final ProcessRole role;
    private final Settings settings;
    private final int count;
    private final List<DhtNode> nodes = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> services = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final SecureRandom random = new SecureRandom();
    private volatile boolean shuttingDown;

    public RoleProcess(ProcessRole role, Settings settings, int count) {
        this.role = role;
        this.settings = settings;
        this.count = count;
    }

    /** Runs until the JVM is asked to terminate; returns only if start-up fails (by throwing). */
    public int runUntilTerminated() throws Exception {
        List<InetSocketAddress> seeds = settings.effectiveBootstrapNodes();
        if (seeds.isEmpty() && !role.mayFoundNetwork()) {
            throw new InvalidSettingException("BOOTSTRAP_NODES", "", "a " + role.label()
                    + " needs at least one bootstrap address to join (only a bootstrap node may start a new network)");
        }
        ProcessMetrics metrics = new ProcessMetrics(role, settings, () -> nodes);
        UdpTransport sockets = new UdpTransport();
        Transport transport = NetworkSeal.over(sockets, settings, role.label(), metrics.registry());
        Phases phases = Phases.of(new ProcessContext(role, settings, metrics.flags(), metrics.registry(), transport,
                random, System::nanoTime));
        ProcessEndpoints endpoints = ProcessEndpoints.open(settings, metrics,
                () -> !nodes.isEmpty() && nodes.stream().allMatch(n -> n.ready().isDone()), phases::health);
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "process-timers");
            t.setDaemon(true);
            return t;
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(phases, transport, endpoints, timers),
                "shutdown"));
        startNodes(phases, metrics);
        timers.scheduleAtFixedRate(phases::checkGuards, 1, 1, TimeUnit.SECONDS);
        timers.scheduleAtFixedRate(phases::everySecond, 1, 1, TimeUnit.SECONDS);
        services.addAll(KeygenRoles.start(role, nodes, settings, timers, random, () -> shuttingDown, phases,
                metrics.registry()));
        endpoints.logServing(settings);
        if (seeds.isEmpty() && phases.savedPeers().isEmpty()) {
            nodes.forEach(DhtNode::startNewNetwork);
            log.info("event=network-founded role={} nodes={}", role.label(), nodes.size());
        } else {
            JoinRetry joins = new JoinRetry(role, phases, timers, random, () -> shuttingDown);
            nodes.forEach(node -> joins.join(node, seeds));
        }
        stopped.await();
        return 0;
    }

    /** Binds and starts {@code count} nodes, one after the other, each through the phases' binder. */
    private void startNodes(Phases phases, ProcessMetrics metrics) throws Exception {
        DhtConfig config = settings.effectiveDhtConfig();
        config = config.toBuilder().maxOutstandingRpcs(role.callSlots(config.maxOutstandingRpcs())).build();
        for (int i = 0; i < count; i++) {
            try {
                DhtNode node = DhtNode.start(phases.binder(i), NodeId.random(random),
                        config.toBuilder().randomSeed(random.nextLong()).build(), metrics.observer())
                        .get(10, TimeUnit.SECONDS);
                nodes.add(node);
                phases.nodeStarted(node);
                log.info("event=node-started role={} id={} port={}", role.label(), node.id(), node.address().getPort());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                String why = cause.getMessage() != null ? cause.getMessage() : cause.toString();
                throw new IllegalStateException("cannot bind a UDP port for " + role.label() + " node " + (i + 1)
                        + " of " + count + ": " + why, cause);
            }
        }
    }

    private void shutDown(Phases phases, Transport transport, ProcessEndpoints endpoints,
                          ScheduledExecutorService timers) {
        shuttingDown = true;
        log.info("event=stopping role={} nodes={}", role.label(), nodes.size());
        phases.processStopping();
        timers.shutdownNow();
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (DhtNode node : nodes) {
            stopping.add(node.stop());
        }
        try {
            CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("event=stop-incomplete role={} reason=\"{}\"", role.label(), e.toString());
        }
        nodes.forEach(phases::nodeStopped);
        Map<String, Long> totals = new TreeMap<>();
        nodes.forEach(n -> n.stats().snapshot().forEach((k, v) -> totals.merge(k, v, Long::sum)));
        log.info("event=stopped role={} nodes={} counters={}", role.label(), nodes.size(), totals);
        for (AutoCloseable service : services) {
            try {
                service.close();
            } catch (Exception e) {
                log.warn("event=close-failed reason=\"{}\"", e.toString());
            }
        }
        endpoints.close();
        transport.close();
        stopped.countDown();
    }
}
