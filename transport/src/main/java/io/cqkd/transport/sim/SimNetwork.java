package io.cqkd.transport.sim;

import io.cqkd.transport.Cancellable;
import io.cqkd.transport.Clock;
import io.cqkd.transport.Endpoint;
import io.cqkd.transport.PacketHandler;
import io.cqkd.transport.Transport;
import io.cqkd.transport.TransportStats;
import io.cqkd.transport.latency.LatencyModel;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A network in virtual time: a discrete-event simulator running every endpoint's tasks and
 * datagrams on the calling thread, in due order. Faults are injected here, never in node code:
 * per-link latency, a loss rate, partitions that heal, crashes and restarts.
 *
 * <p>Deterministic: the same seed, the same calls in the same order give the same run, packet for
 * packet. Not thread-safe: one thread builds the network and drives it with the {@code run*}
 * methods.
 */
public final class SimNetwork implements Transport, Clock {
    /** Virtual time starts at one second so that "time zero" never doubles as "never". */
    private static final long EPOCH_NANOS = 1_000_000_000L;

    private final PriorityQueue<SimEvent> queue = new PriorityQueue<>();
    private final Map<InetSocketAddress, SimEndpoint> endpoints = new HashMap<>();
    private final TransportStats stats = new TransportStats();
    private final SplittableRandom random;
    private final Thread driver = Thread.currentThread();
    private LatencyModel latency;
    private double lossRate;
    private Predicate<InetSocketAddress> partitionSide;
    private long now = EPOCH_NANOS;
    private long sequence;
    private int nextAddress = 1;
    private long eventsRun;

    public SimNetwork(long seed, LatencyModel latency) {
        this.random = new SplittableRandom(seed);
        this.latency = latency;
    }

    public SimNetwork(long seed) {
        this(seed, LatencyModel.lan(seed));
    }

    // ---- faults -------------------------------------------------------------------------------

    /** Fraction of datagrams dropped at random, in [0, 1). */
    public void setLossRate(double lossRate) {
        if (!(lossRate >= 0 && lossRate < 1)) {
            throw new IllegalArgumentException("loss rate must be in [0, 1), got " + lossRate);
        }
        this.lossRate = lossRate;
    }

    public void setLatency(LatencyModel latency) {
        this.latency = latency;
    }

    /** Splits the network: datagrams between an address on {@code sideA} and one off it are lost. */
    public void partition(Predicate<InetSocketAddress> sideA) {
        this.partitionSide = sideA;
    }

    public void heal() {
        this.partitionSide = null;
    }

    /**
     * Kills the endpoint at {@code address} like a process crash: its pending tasks never run, packets
     * to it are lost, and the address is free for a restarted node to bind again.
     */
    public boolean crash(InetSocketAddress address) {
        SimEndpoint endpoint = endpoints.remove(address);
        if (endpoint == null) {
            return false;
        }
        endpoint.kill();
        return true;
    }

    // ---- Transport ----------------------------------------------------------------------------

    @Override
    public CompletableFuture<Endpoint> bind(InetSocketAddress address, PacketHandler handler) {
        InetSocketAddress bound = address == null || address.getPort() == 0 ? freshAddress() : address;
        if (endpoints.containsKey(bound)) {
            return CompletableFuture.failedFuture(new BindException("address in use: " + bound));
        }
        SimEndpoint endpoint = new SimEndpoint(this, bound, handler);
        endpoints.put(bound, endpoint);
        return CompletableFuture.completedFuture(endpoint);
    }

    @Override
    public TransportStats stats() {
        return stats;
    }

    @Override
    public void close() {
        endpoints.values().forEach(SimEndpoint::kill);
        endpoints.clear();
        queue.clear();
    }

    @Override
    public long nanoTime() {
        return now;
    }

    // ---- running ------------------------------------------------------------------------------

    /**
     * Runs events until {@code done} holds, nothing is left to run, or {@code limit} of virtual time
     * has passed. Returns whether {@code done} holds.
     */
    public boolean runUntil(BooleanSupplier done, Duration limit) {
        long deadline = now + limit.toNanos();
        while (!done.getAsBoolean()) {
            SimEvent next = queue.peek();
            if (next == null || next.dueNanos > deadline) {
                return false;
            }
            runOne();
        }
        return true;
    }

    /** Runs every event due in the next {@code duration} of virtual time, then advances to its end. */
    public void runFor(Duration duration) {
        long end = now + duration.toNanos();
        SimEvent next;
        while ((next = queue.peek()) != null && next.dueNanos <= end) {
            runOne();
        }
        now = Math.max(now, end);
    }

    /** Virtual nanoseconds since the simulation started. */
    public long elapsedNanos() {
        return now - EPOCH_NANOS;
    }

    public long eventsRun() {
        return eventsRun;
    }

    public int pendingEvents() {
        return queue.size();
    }

    public int liveEndpoints() {
        return endpoints.size();
    }

    private void runOne() {
        SimEvent event = queue.poll();
        if (event.cancelled() || (event.owner != null && !event.owner.isOpen())) {
            return;
        }
        now = event.dueNanos;
        eventsRun++;
        try {
            event.task.run();
        } catch (RuntimeException | Error e) {
            // A node task must not throw: surface it with the virtual time so the seed replays it.
            throw new SimulationException("task failed at virtual time " + elapsedNanos() / 1_000_000
                    + " ms" + (event.owner != null ? " on " + event.owner.localAddress() : ""), e);
        }
    }

    // ---- used by SimEndpoint ------------------------------------------------------------------

    Cancellable enqueue(long delayNanos, Runnable task, SimEndpoint owner) {
        SimEvent event = new SimEvent(now + Math.max(0, delayNanos), sequence++, task, owner);
        queue.add(event);
        return event;
    }

    boolean inLoop() {
        return Thread.currentThread() == driver;
    }

    void unbind(SimEndpoint endpoint) {
        endpoint.kill();
        endpoints.remove(endpoint.localAddress(), endpoint);
    }

    void transmit(SimEndpoint from, InetSocketAddress to, byte[] payload) {
        stats.recordSent();
        InetSocketAddress source = from.localAddress();
        if (partitionSide != null && partitionSide.test(source) != partitionSide.test(to)) {
            stats.recordLost();
            return;
        }
        if (lossRate > 0 && random.nextDouble() < lossRate) {
            stats.recordLost();
            return;
        }
        long delay = latency.delayNanos(source, to, payload, random);
        enqueue(delay, () -> deliver(source, to, payload), null);
    }

    private void deliver(InetSocketAddress from, InetSocketAddress to, byte[] payload) {
        SimEndpoint target = endpoints.get(to);
        if (target == null) {
            stats.recordUndeliverable();
            return;
        }
        stats.recordDelivered();
        target.handler.onPacket(from, payload, now);
    }

    /** Loopback-range addresses (127.x.y.z:6881), so that nothing here could ever reach a real host. */
    private InetSocketAddress freshAddress() {
        while (true) {
            int n = nextAddress++;
            if ((n & 0xFF) == 0 || (n & 0xFF) == 0xFF) {
                continue;
            }
            byte[] ip = {127, (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
            try {
                InetSocketAddress candidate = new InetSocketAddress(InetAddress.getByAddress(ip), 6881);
                if (!endpoints.containsKey(candidate)) {
                    return candidate;
                }
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }
}
