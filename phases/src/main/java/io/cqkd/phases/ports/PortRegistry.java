package io.cqkd.phases.ports;

import io.cqkd.transport.Binder;
import io.cqkd.transport.Endpoint;
import io.cqkd.transport.PacketHandler;
import io.cqkd.transport.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * Phase 1: worker ports. With dynamic ports on, a worker gets its preferred port if it is free, else
 * the next free one of its region's slice, else of the whole range; "free" is decided by the
 * operating system — the allocation IS the bind of the node's socket, so no other process can take
 * the port in between, whatever runs on the host. With dynamic ports off (the fallback), every
 * node gets the one static port, and a second one fails with "port in use", as before phase 1.
 *
 * <p>Thread-safe: ports being tried by this process are reserved so that concurrent allocations
 * in one JVM never try the same port; other processes are kept out by the bind itself.
 */
public final class PortRegistry {
    private final Transport transport;
    private final InetAddress bindAddress;
    private final PortPlan plan;
    private final BooleanSupplier dynamicEnabled;
    private final int staticPort;
    private final PortListener listener;
    private final Set<Integer> held = new HashSet<>();

    public PortRegistry(Transport transport, InetAddress bindAddress, PortPlan plan, BooleanSupplier dynamicEnabled,
                        int staticPort, PortListener listener) {
        this.transport = transport;
        this.bindAddress = bindAddress;
        this.plan = plan;
        this.dynamicEnabled = dynamicEnabled;
        this.staticPort = staticPort;
        this.listener = listener;
    }

    /** A {@link Binder} for one node: allocate as described above, with this preferred port and region. */
    public Binder binder(int preferredPort, String region) {
        return handler -> {
            try {
                return CompletableFuture.completedFuture(allocate(preferredPort, region, handler).endpoint());
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }

    /**
     * Binds a port for {@code handler}. Blocks the calling thread for the binds it tries (microseconds
     * each): call it at start-up, never from a node's event loop.
     *
     * @throws PortAllocationException when the range is exhausted or the static port is in use
     */
    public PortAllocation allocate(int preferredPort, String region, PacketHandler handler) {
        long start = System.nanoTime();
        if (!dynamicEnabled.getAsBoolean()) {
            boolean reserved = reserve(staticPort); // false: a node of this process already has it
            Endpoint endpoint = reserved ? tryPort(staticPort, handler) : null;
            if (endpoint == null) {
                if (reserved) {
                    unreserve(staticPort);
                }
                listener.allocated(region, AllocationOutcome.STATIC_IN_USE, System.nanoTime() - start);
                throw new PortAllocationException(AllocationOutcome.STATIC_IN_USE, "static port " + staticPort
                        + " (FALLBACK_STATIC_PORT) is in use: port in use; with ENABLE_DYNAMIC_PORTS=false only one"
                        + " node per host can have it");
            }
            return done(endpoint, staticPort, region, AllocationOutcome.STATIC, start);
        }
        int preferred = preferredInSlice(preferredPort, region);
        for (int port : candidates(preferred, region)) {
            if (!reserve(port)) {
                continue; // held by this process already: no need to ask the operating system
            }
            Endpoint endpoint = tryPort(port, handler);
            if (endpoint != null) {
                return done(endpoint, port, region,
                        port == preferred ? AllocationOutcome.PREFERRED : AllocationOutcome.FALLBACK, start);
            }
            unreserve(port); // another program holds it
        }
        listener.allocated(region, AllocationOutcome.EXHAUSTED, System.nanoTime() - start);
        throw new PortAllocationException(AllocationOutcome.EXHAUSTED, "no free UDP port in " + plan + " ("
                + plan.size() + " ports; " + inUse() + " held by this process, the others by other programs)");
    }

    /**
     * The preferred port (already moved into the region's slice), then that slice from its top down, then the other slices. Workers
     * prefer ports from the bottom of the range (7000 + WORKER_ID - 1), so a worker that must fall
     * back takes a port from the top, where it steals no other worker's preferred port.
     */
    private List<Integer> candidates(int preferred, String region) {
        int[] slice = plan.slice(region);
        List<Integer> order = new ArrayList<>(plan.size() + 1);
        order.add(preferred);
        for (int p = slice[1]; p >= slice[0]; p--) {
            if (p != preferred) {
                order.add(p);
            }
        }
        for (int p = plan.last(); p >= plan.first(); p--) {
            if (p < slice[0] || p > slice[1]) {
                order.add(p);
            }
        }
        return order;
    }

    /** The preferred port, moved into the region's slice when it lies in another one (spreads the region). */
    private int preferredInSlice(int preferredPort, String region) {
        int[] slice = plan.slice(region);
        return plan.contains(preferredPort) && !(preferredPort >= slice[0] && preferredPort <= slice[1])
                && plan.regions().contains(region)
                ? slice[0] + Math.floorMod(preferredPort - plan.first(), slice[1] - slice[0] + 1) : preferredPort;
    }

    /** The bound endpoint, or null when the operating system refused the port. */
    private Endpoint tryPort(int port, PacketHandler handler) {
        try {
            return transport.bind(new InetSocketAddress(bindAddress, port), handler).join();
        } catch (CompletionException e) {
            return null;
        }
    }

    private boolean reserve(int port) {
        synchronized (held) {
            return held.add(port);
        }
    }

    private void unreserve(int port) {
        synchronized (held) {
            held.remove(port);
        }
    }

    /** Frees a port when its node stops. */
    public void release(int port) {
        unreserve(port);
        listener.released(plan.regionOf(port));
    }

    /** Ports this process holds, by the region whose slice they are in. */
    public java.util.Map<String, Integer> inUseByRegion() {
        java.util.Map<String, Integer> out = new java.util.TreeMap<>();
        synchronized (held) {
            for (int port : held) {
                out.merge(plan.regionOf(port), 1, Integer::sum);
            }
        }
        return out;
    }

    public int inUse() {
        synchronized (held) {
            return held.size();
        }
    }

    public PortPlan plan() {
        return plan;
    }

    private PortAllocation done(Endpoint endpoint, int port, String region, AllocationOutcome outcome, long start) {
        long nanos = System.nanoTime() - start;
        listener.allocated(region, outcome, nanos);
        return new PortAllocation(endpoint, port, region, outcome, nanos);
    }
}
