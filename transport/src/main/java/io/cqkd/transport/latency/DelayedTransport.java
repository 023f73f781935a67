package io.cqkd.transport.latency;

import io.cqkd.transport.Endpoint;
import io.cqkd.transport.ForwardingEndpoint;
import io.cqkd.transport.ForwardingTransport;
import io.cqkd.transport.PacketHandler;
import io.cqkd.transport.Transport;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real sockets with a latency model in front of them: every datagram leaves its endpoint after the
 * delay the model draws for its link, scheduled on the endpoint's own loop. What {@code tc netem}
 * would do in the kernel, where there is none: a wide-area network on 127.0.0.1. The receiver stamps
 * a datagram when it really arrives, so round trips measured over it include the injected delays.
 */
public final class DelayedTransport extends ForwardingTransport {
    private final LatencyModel model;
    private final AtomicLong seeds;

    public DelayedTransport(Transport inner, LatencyModel model, long seed) {
        super(inner);
        this.model = model;
        this.seeds = new AtomicLong(seed);
    }

    @Override
    public CompletableFuture<Endpoint> bind(InetSocketAddress address, PacketHandler handler) {
        long seed = seeds.getAndIncrement();
        return inner.bind(address, handler).thenApply(endpoint -> new DelayedEndpoint(endpoint, model, seed));
    }

    /** An endpoint whose sends wait out the model's delay on its loop. */
    private static final class DelayedEndpoint extends ForwardingEndpoint {
        private final LatencyModel model;
        /** Drawn from on the endpoint's loop only. */
        private final SplittableRandom random;

        DelayedEndpoint(Endpoint inner, LatencyModel model, long seed) {
            super(inner);
            this.model = model;
            this.random = new SplittableRandom(seed);
        }

        @Override
        public void send(InetSocketAddress recipient, byte[] payload) {
            long delay = model.delayNanos(inner.localAddress(), recipient, payload, random);
            if (delay <= 0) {
                inner.send(recipient, payload);
            } else {
                inner.scheduler().schedule(java.time.Duration.ofNanos(delay), () -> inner.send(recipient, payload));
            }
        }
    }
}
