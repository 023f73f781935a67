package io.cqkd.phases.bootstrap;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A super node's record of the regional bootstrap nodes it hears from ({@code cqkd_register}), by
 * region, with when each last registered. Bounded whatever strangers send: at most
 * {@link #MAX_REGIONS} regions of at most {@link #MAX_PER_REGION} nodes, each node in one region; a full registry refuses
 * newcomers (counted by the caller) while the nodes in it keep their places by registering again,
 * and the silent ones leave it ({@link #removeSilent}). Confined to the super node's loop.
 */
final class RegionalRegistry {
    /** Regions a super node tracks: far more than a deployment names, few enough to list in one datagram. */
    static final int MAX_REGIONS = 32;
    /** Regional bootstrap nodes per region: a region needs two or three; eight absorb promotions. */
    static final int MAX_PER_REGION = 8;

    private final Map<String, Map<InetSocketAddress, Long>> regions = new LinkedHashMap<>();

    /** Whether {@code address} of {@code region} is recorded (again) at {@code nowNanos}; false when full. */
    boolean register(String region, InetSocketAddress address, long nowNanos) {
        for (var other : regions.entrySet()) {
            if (!other.getKey().equals(region) && other.getValue().containsKey(address)) {
                return false; // a node is the regional node of one region
            }
        }
        Map<InetSocketAddress, Long> nodes = regions.get(region);
        if (nodes == null) {
            if (regions.size() >= MAX_REGIONS) {
                return false;
            }
            nodes = new LinkedHashMap<>();
            regions.put(region, nodes);
        }
        if (!nodes.containsKey(address) && nodes.size() >= MAX_PER_REGION) {
            return false;
        }
        nodes.put(address, nowNanos);
        return true;
    }

    boolean knows(String region, InetSocketAddress address) {
        Map<InetSocketAddress, Long> nodes = regions.get(region);
        return nodes != null && nodes.containsKey(address);
    }

    /** Removes the nodes not heard from since {@code sinceNanos}, handing each to {@code removed}. */
    void removeSilent(long sinceNanos, BiConsumer<String, InetSocketAddress> removed) {
        for (var region : new ArrayList<>(regions.entrySet())) {
            List<InetSocketAddress> silent = region.getValue().entrySet().stream()
                    .filter(e -> e.getValue() - sinceNanos < 0).map(Map.Entry::getKey).toList();
            silent.forEach(address -> {
                region.getValue().remove(address);
                removed.accept(region.getKey(), address);
            });
            if (region.getValue().isEmpty()) {
                regions.remove(region.getKey());
            }
        }
    }

    /** Every recorded node with when it last registered, region by region. */
    void forEach(TriConsumer visit) {
        regions.forEach((region, nodes) -> nodes.forEach((address, seen) -> visit.accept(region, address, seen)));
    }

    List<String> regionNames() {
        return new ArrayList<>(regions.keySet());
    }

    /** The nodes of {@code region} with when each last registered (empty when none). */
    Map<InetSocketAddress, Long> of(String region) {
        return regions.getOrDefault(region, Map.of());
    }

    int size() {
        return regions.values().stream().mapToInt(Map::size).sum();
    }

    interface TriConsumer {
        void accept(String region, InetSocketAddress address, long seenNanos);
    }
}
