package io.cqkd.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class UdpTransportTest {

    @Test
    void datagramsArriveOnTheReceiversLoopWithTheSendersAddress() throws Exception {
        try (UdpTransport transport = new UdpTransport(2, 64 * 1024)) {
            List<String> received = new CopyOnWriteArrayList<>();
            List<Boolean> onLoop = new CopyOnWriteArrayList<>();
            Endpoint[] receiver = new Endpoint[1];
            receiver[0] = transport.bind(new InetSocketAddress("127.0.0.1", 0), (from, payload, at) -> {
                received.add(from.getPort() + ":" + new String(payload));
                onLoop.add(receiver[0] != null && receiver[0].scheduler().inLoop());
            }).get();
            Endpoint sender = transport.bind(new InetSocketAddress("127.0.0.1", 0), (f, p, t) -> { }).get();
            sender.scheduler().execute(() -> sender.send(receiver[0].localAddress(), "hello".getBytes()));
            await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
            assertThat(received).containsExactly(sender.localAddress().getPort() + ":hello");
            assertThat(onLoop).containsExactly(true);
            sender.close().get();
            receiver[0].close().get();
        }
    }

    @Test
    void bindingAPortInUseFails() throws Exception {
        try (UdpTransport transport = new UdpTransport(1, 64 * 1024)) {
            Endpoint first = transport.bind(new InetSocketAddress("127.0.0.1", 0), (f, p, t) -> { }).get();
            var second = transport.bind(first.localAddress(), (f, p, t) -> { });
            await().atMost(Duration.ofSeconds(5)).until(second::isDone);
            assertThat(second).isCompletedExceptionally();
            first.close().get();
        }
    }
}
