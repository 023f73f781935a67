package io.cqkd.transport;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * An endpoint in front of another, which it forwards everything to: a transport that changes what
 * leaves (a delay, a seal) overrides {@link #send} alone.
 */
public abstract class ForwardingEndpoint implements Endpoint {
    /** The endpoint forwarded to; set once its socket is bound. */
    protected volatile Endpoint inner;

    protected ForwardingEndpoint(Endpoint inner) {
        this.inner = inner;
    }

    @Override
    public InetSocketAddress localAddress() {
        return inner.localAddress();
    }

    @Override
    public void send(InetSocketAddress recipient, byte[] payload) {
        inner.send(recipient, payload);
    }

    @Override
    public Clock clock() {
        return inner.clock();
    }

    @Override
    public Scheduler scheduler() {
        return inner.scheduler();
    }

    @Override
    public CompletableFuture<Void> close() {
        return inner.close();
    }
}
