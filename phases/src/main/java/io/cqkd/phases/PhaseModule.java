package io.cqkd.phases;

import io.cqkd.dht.BootstrapResult;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.discovery.Discovery;
import io.cqkd.settings.Feature;
import io.cqkd.transport.Binder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One phase of the scaling plan, as a module of a process: its feature flag, what it puts on the
 * process and its nodes while the flag is on, what runs when it is off (its fallback), its metrics
 * (registered when the module is built, every series at zero) and its guard. The process only
 * iterates its modules ({@link Phases}); each hook does nothing by default, so a phase implements
 * only the moments it cares about.
 */
public interface PhaseModule {
    /** The feature this module implements; its flag decides between the phase and its fallback. */
    Feature feature();

    /** The rule of the phase's automatic rollback, if it has one. */
    default Optional<GuardRule> guard() {
        return Optional.empty();
    }

    /** How node {@code index} (from 0) of the process gets its socket; empty: not this phase's concern. */
    default Optional<Binder> binder(int index) {
        return Optional.empty();
    }

    /** A node of the process has started (called on no particular thread): install what the phase puts on it. */
    default void nodeStarted(DhtNode node) {}

    /** How {@code node} joins through {@code seeds} while the phase is on; empty: not this phase's concern now. */
    default Optional<CompletableFuture<BootstrapResult>> join(DhtNode node, List<InetSocketAddress> seeds) {
        return Optional.empty();
    }

    /** The phase's flag was flipped at run time; {@code active}: whether the phase now runs. */
    default void flagChanged(boolean active, List<DhtNode> nodes) {}

    /** How a service on {@code node} finds many distinct nodes (Alice recruiting); empty: not this phase's concern. */
    default Optional<Discovery> discovery(DhtNode node) {
        return Optional.empty();
    }

    /** A node of the process has stopped. */
    default void nodeStopped(DhtNode node) {}

    /**
     * Peers the process's nodes join through before its bootstrap nodes (phase 5: the table saved
     * before a restart); empty: none. Read once, before the first join.
     */
    default List<InetSocketAddress> savedPeers() {
        return List.of();
    }

    /** Once a second, on the process's timer thread (never a node's loop: slow work such as file writes may run here). */
    default void everySecond() {}

    /** The process is stopping, its nodes still running: the last moment to save anything. */
    default void processStopping() {}

    /** What the phase adds to the process's {@code /health} answer (any thread). */
    default Map<String, Object> health() {
        return Map.of();
    }
}
