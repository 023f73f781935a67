package io.cqkd.transport;

/** A transport in front of another: its statistics and its closing are the inner one's. */
public abstract class ForwardingTransport implements Transport {
    protected final Transport inner;

    protected ForwardingTransport(Transport inner) {
        this.inner = inner;
    }

    @Override
    public TransportStats stats() {
        return inner.stats();
    }

    @Override
    public void close() {
        inner.close();
    }
}
