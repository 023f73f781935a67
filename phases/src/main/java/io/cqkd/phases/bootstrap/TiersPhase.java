package io.cqkd.phases.bootstrap;

import io.cqkd.dht.BootstrapResult;
import io.cqkd.dht.DhtNode;
import io.cqkd.phases.PhaseModule;
import io.cqkd.phases.ProcessContext;
import io.cqkd.phases.ProcessRole;
import io.cqkd.settings.Addresses;
import io.cqkd.settings.Feature;
import io.cqkd.settings.SettingNames;
import io.cqkd.settings.Settings;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phase 2 as a module. While {@code ENABLE_MULTI_LEVEL_BOOTSTRAP} is on at start-up, a bootstrap
 * node runs a {@link BootstrapService} of its tier ({@code BOOTSTRAP_LEVEL}: super or regional,
 * admitting up to {@code MAX_CONNECTIONS} joins at once; a regional node heartbeats to the super
 * nodes it joins through) and every other node may be promoted to regional bootstrap node. While the
 * flag is on at join time, nodes join through {@link TieredJoin}; off, the flat join through the
 * whole list runs (the fallback), so a run-time flip applies to the next join. Metric: the joins a
 * bootstrap node is serving ({@code cqkd_bootstrap_active_joins}); the join events are counted by
 * the DHT's own metrics.
 */
public final class TiersPhase implements PhaseModule {
    private static final Logger log = LoggerFactory.getLogger(TiersPhase.class);

    private final ProcessContext context;
    private final String region;
    private final List<BootstrapService> services = new CopyOnWriteArrayList<>();

    public TiersPhase(ProcessContext context) {
        this.context = context;
        this.region = context.settings().get(SettingNames.REGION);
        GaugeWithCallback.builder().name("cqkd_bootstrap_active_joins")
                .help("Joins a bootstrap node has admitted and still counts against MAX_CONNECTIONS (its load)")
                .labelNames("role")
                .callback(cb -> cb.call(services.stream().mapToInt(BootstrapService::activeJoinsSnapshot).sum(),
                        context.role().label()))
                .register(context.registry());
    }

    @Override
    public Feature feature() {
        return Feature.MULTI_LEVEL_BOOTSTRAP;
    }

    private boolean active() {
        return context.flags().active(Feature.MULTI_LEVEL_BOOTSTRAP);
    }

    @Override
    public void nodeStarted(DhtNode node) {
        if (!active()) {
            return;
        }
        if (context.role() != ProcessRole.BOOTSTRAP) {
            // Any node may be promoted to regional bootstrap node when its region's ones die, by the
            // bootstrap nodes it joins through (and no one else).
            List<InetSocketAddress> trusted = Addresses.resolveAll(context.settings().effectiveBootstrapNodes());
            node.scheduler().execute(() -> BootstrapService.acceptPromotion(node, trusted));
            return;
        }
        Settings settings = context.settings();
        BootstrapTier tier = BootstrapTier.of(settings.get(SettingNames.BOOTSTRAP_LEVEL));
        int capacity = settings.get(SettingNames.MAX_CONNECTIONS);
        // A regional node heartbeats to the super nodes it joins through, so that they can replace it.
        List<InetSocketAddress> supers = tier == BootstrapTier.REGIONAL
                ? Addresses.resolveAll(settings.effectiveBootstrapNodes()) : List.of();
        node.scheduler().execute(() -> services.add(new BootstrapService(node, tier, region, capacity, supers)));
        log.info("event=bootstrap-tier tier={} region={} capacity={}", tier.label(), region, capacity);
    }

    @Override
    public Optional<CompletableFuture<BootstrapResult>> join(DhtNode node, List<InetSocketAddress> seeds) {
        if (!active() || context.role() == ProcessRole.BOOTSTRAP) {
            return Optional.empty();
        }
        SplittableRandom random = new SplittableRandom(context.random().nextLong());
        return Optional.of(new TieredJoin(node, region, random).join(seeds));
    }
}
