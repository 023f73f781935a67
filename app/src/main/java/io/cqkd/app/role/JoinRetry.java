package io.cqkd.app.role;

import io.cqkd.dht.BootstrapException;
import io.cqkd.dht.BootstrapResult;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.async.Backoff;
import io.cqkd.phases.Phases;
import io.cqkd.phases.ProcessRole;
import io.cqkd.settings.Addresses;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins the nodes of a role process through the phases (tiered or flat), and keeps trying while no
 * bootstrap node answers: a jittered pause, doubling up to 30 s, so a process started before its
 * bootstrap nodes simply waits for them. A bootstrap node that finds nobody founds the network and
 * keeps trying to join the others, so that two founders merge.
 */
final class JoinRetry {
    private static final Logger log = LoggerFactory.getLogger(JoinRetry.class);
    private static final Backoff PAUSES = Backoff.jittered(Duration.ofSeconds(1), Duration.ofSeconds(30));

    private final ProcessRole role;
    private final Phases phases;
    private final ScheduledExecutorService timers;
    private final RandomGenerator random;
    private final BooleanSupplier shuttingDown;

    JoinRetry(ProcessRole role, Phases phases, ScheduledExecutorService timers, RandomGenerator random,
              BooleanSupplier shuttingDown) {
        this.role = role;
        this.phases = phases;
        this.timers = timers;
        this.random = random;
        this.shuttingDown = shuttingDown;
    }

    void join(DhtNode node, List<InetSocketAddress> seeds) {
        attempt(node, seeds, 0);
    }

    private void attempt(DhtNode node, List<InetSocketAddress> seeds, int attempt) {
        List<InetSocketAddress> resolved = Addresses.resolveAll(seeds);
        CompletableFuture<BootstrapResult> joining = resolved.isEmpty() && phases.savedPeers().isEmpty()
                ? CompletableFuture.failedFuture(new BootstrapException("no bootstrap address resolves: " + seeds))
                : phases.join(node, resolved);
        joining.whenComplete((result, error) -> {
            if (error == null) {
                log.info("event=joined role={} id={} seeds_answered={} table={} ready_ms={} total_ms={}", role.label(),
                        node.id(), result.seedsAnswered(), result.tableSize(), result.selfLookupNanos() / 1_000_000,
                        result.totalNanos() / 1_000_000);
                return;
            }
            if (shuttingDown.getAsBoolean()) {
                return;
            }
            if (role.mayFoundNetwork() && !node.ready().isDone()) {
                node.startNewNetwork();
                log.info("event=network-founded role={} id={} reason=\"no other bootstrap node answered\"",
                        role.label(), node.id());
            }
            long pause = PAUSES.delay(attempt, random).toMillis();
            log.warn("event=join-failed role={} id={} retry_in_ms={} reason=\"{}\"", role.label(), node.id(), pause,
                    error.getCause() != null ? error.getCause().getMessage() : error.getMessage());
            timers.schedule(() -> attempt(node, seeds, attempt + 1), pause, TimeUnit.MILLISECONDS);
        });
    }
}
