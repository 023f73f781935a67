package io.cqkd.transport.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cqkd.transport.Endpoint;
import io.cqkd.transport.UdpTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class DelayedTransportTest {

    @Test
    void aDatagramLeavesOnlyAfterTheModelsDelayAndArrivesIntact() throws Exception {
        long delay = Duration.ofMillis(80).toNanos();
        try (DelayedTransport transport = new DelayedTransport(new UdpTransport(1, 64 * 1024),
                LatencyModel.fixed(Duration.ofNanos(delay)), 1)) {
            List<Long> arrivals = new CopyOnWriteArrayList<>();
            List<String> payloads = new CopyOnWriteArrayList<>();
            Endpoint receiver = transport.bind(new InetSocketAddress("127.0.0.1", 0), (from, payload, at) -> {
                arrivals.add(at);
                payloads.add(new String(payload));
            }).get();
            Endpoint sender = transport.bind(new InetSocketAddress("127.0.0.1", 0), (f, p, t) -> { }).get();
            long[] sentAt = new long[1];
            sender.scheduler().execute(() -> {
                sentAt[0] = System.nanoTime();
                sender.send(receiver.localAddress(), "delayed".getBytes());
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> arrivals.size() == 1);
            assertThat(payloads).containsExactly("delayed");
            // Never earlier than the injected delay (how much later depends on the machine: not asserted).
            assertThat(arrivals.get(0) - sentAt[0]).isGreaterThanOrEqualTo(delay);
            sender.close().get();
            receiver.close().get();
        }
    }
}
