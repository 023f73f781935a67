package io.cqkd.transport.sim;

import io.cqkd.transport.Cancellable;
import io.cqkd.transport.Clock;
import io.cqkd.transport.Endpoint;
import io.cqkd.transport.PacketHandler;
import io.cqkd.transport.Scheduler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A simulated socket. Its "loop" is the simulator's single thread; its tasks die with it. */
final class SimEndpoint implements Endpoint, Scheduler {
    private final SimNetwork network;
    private final InetSocketAddress address;
    final PacketHandler handler;
    private boolean open = true;

    SimEndpoint(SimNetwork network, InetSocketAddress address, PacketHandler handler) {
        this.network = network;
        this.address = address;
        this.handler = handler;
    }

    boolean isOpen() {
        return open;
    }

    void kill() {
        open = false;
    }

    @Override
    public InetSocketAddress localAddress() {
        return address;
    }

    @Override
    public void send(InetSocketAddress recipient, byte[] payload) {
        if (open) {
            network.transmit(this, recipient, payload);
        }
    }

    @Override
    public Clock clock() {
        return network;
    }

    @Override
    public Scheduler scheduler() {
        return this;
    }

    @Override
    public CompletableFuture<Void> close() {
        network.unbind(this);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void execute(Runnable task) {
        network.enqueue(0, task, this);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        return network.enqueue(delay.toNanos(), task, this);
    }

    @Override
    public boolean inLoop() {
        return network.inLoop();
    }

    @Override
    public String toString() {
        return "SimEndpoint[" + address + (open ? "" : ", closed") + "]";
    }
}
