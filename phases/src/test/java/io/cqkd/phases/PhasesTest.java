package io.cqkd.phases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqkd.dht.BootstrapResult;
import io.cqkd.dht.DhtNode;
import io.cqkd.settings.Feature;
import io.cqkd.settings.Settings;
import io.cqkd.transport.sim.SimNetwork;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The phase modules of a process, seen through {@link Phases}: which exist, and how they are driven. */
class PhasesTest {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Settings settings = Settings.defaults();
    private final RuntimeFlags flags = new RuntimeFlags(settings, registry);
    private final ProcessContext context = new ProcessContext(ProcessRole.WORKER, settings, flags, registry,
            new SimNetwork(1), new SplittableRandom(1), System::nanoTime);

    /** A module that records what it is asked, and handles joins when told to. */
    private static class RecordingModule implements PhaseModule {
        final Feature feature;
        final List<String> heard = new ArrayList<>();
        boolean joins;

        RecordingModule(Feature feature) {
            this.feature = feature;
        }

        @Override
        public Feature feature() {
            return feature;
        }

        @Override
        public Optional<CompletableFuture<BootstrapResult>> join(DhtNode node, List<InetSocketAddress> seeds) {
            heard.add("join");
            return joins ? Optional.of(CompletableFuture.completedFuture(null)) : Optional.empty();
        }

        @Override
        public void flagChanged(boolean active, List<DhtNode> nodes) {
            heard.add("flag " + active);
        }
    }

    @Test
    void thereIsOneModulePerPhaseThatThisBuildImplementsAndNoneForTheOthers() {
        Phases phases = Phases.of(context);
        EnumSet<Feature> implemented = EnumSet.noneOf(Feature.class);
        Arrays.stream(Feature.values()).filter(Feature::implemented).forEach(implemented::add);
        assertThat(phases.features()).isEqualTo(implemented);
        assertThat(phases.features()).contains(Feature.HEALTH_CHECK, Feature.ADAPTIVE_REFRESH);
    }

    @Test
    void twoModulesForOnePhaseAreRefused() {
        assertThatThrownBy(() -> new Phases(context, List.of(new RecordingModule(Feature.HEALTH_CHECK),
                new RecordingModule(Feature.HEALTH_CHECK)))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRunTimeFlipReachesOnlyTheModuleOfThatPhaseWithWhetherItNowRuns() {
        RecordingModule ports = new RecordingModule(Feature.DYNAMIC_PORTS);
        RecordingModule tiers = new RecordingModule(Feature.MULTI_LEVEL_BOOTSTRAP);
        new Phases(context, List.of(ports, tiers));
        flags.set(Feature.DYNAMIC_PORTS, false, "admin");
        flags.set(Feature.DYNAMIC_PORTS, false, "admin"); // no change: nothing to tell
        flags.set(Feature.DYNAMIC_PORTS, true, "admin");
        assertThat(ports.heard).containsExactly("flag false", "flag true");
        assertThat(tiers.heard).isEmpty();
    }

    @Test
    void aNodeJoinsThroughTheFirstModuleThatTakesTheJoin() {
        RecordingModule first = new RecordingModule(Feature.DYNAMIC_PORTS);
        RecordingModule second = new RecordingModule(Feature.MULTI_LEVEL_BOOTSTRAP);
        second.joins = true;
        Phases phases = new Phases(context, List.of(first, second));
        assertThat(phases.join(null, List.of())).isCompletedWithValue(null);
        assertThat(first.heard).containsExactly("join");
        assertThat(second.heard).containsExactly("join");
    }

    @Test
    void aGuardRollsItsPhaseBackThroughTheFlags() {
        double[] health = {1.0};
        long[] now = {0};
        Settings window = Settings.load(Map.of("GUARD_WINDOW", "30"), Map.of());
        RuntimeFlags ownFlags = new RuntimeFlags(window, new PrometheusRegistry());
        ProcessContext ctx = new ProcessContext(ProcessRole.WORKER, window, ownFlags, new PrometheusRegistry(),
                new SimNetwork(2), new SplittableRandom(2), () -> now[0]);
        PhaseModule guarded = new RecordingModule(Feature.DYNAMIC_PORTS) {
            @Override
            public Optional<GuardRule> guard() {
                return Optional.of(new GuardRule("test health", () -> health[0], 0.5));
            }
        };
        Phases phases = new Phases(ctx, List.of(guarded));
        phases.checkGuards();
        now[0] += 29_000_000_000L;
        phases.checkGuards();
        assertThat(ownFlags.active(Feature.DYNAMIC_PORTS)).as("unhealthy, but not yet for a whole window").isTrue();
        now[0] += 1_000_000_000L;
        phases.checkGuards();
        assertThat(ownFlags.active(Feature.DYNAMIC_PORTS)).as("rolled back after GUARD_WINDOW").isFalse();
    }
}
