package io.cqkd.transport.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqkd.transport.Endpoint;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimNetworkTest {

    /** A trace of every delivery: (virtual ms, receiver, first payload byte). */
    private static List<String> run(long seed) {
        SimNetwork sim = new SimNetwork(seed);
        sim.setLossRate(0.2);
        List<String> trace = new ArrayList<>();
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int index = i;
            endpoints.add(sim.bind(null, (from, payload, at) ->
                    trace.add(sim.elapsedNanos() / 1_000 + ":" + index + ":" + payload[0])).join());
        }
        for (int round = 0; round < 20; round++) {
            for (Endpoint from : endpoints) {
                for (Endpoint to : endpoints) {
                    from.send(to.localAddress(), new byte[] {(byte) round});
                }
            }
            sim.runFor(Duration.ofMillis(5));
        }
        sim.runFor(Duration.ofSeconds(1));
        return trace;
    }

    @Test
    void sameSeedReplaysTheSameRunPacketForPacket() {
        assertThat(run(42)).isEqualTo(run(42)).isNotEmpty();
        assertThat(run(42)).isNotEqualTo(run(43));
    }

    @Test
    void lossRateDropsAboutThatShareOfDatagrams() {
        SimNetwork sim = new SimNetwork(1);
        sim.setLossRate(0.1);
        int[] received = {0};
        Endpoint a = sim.bind(null, (f, p, t) -> { }).join();
        Endpoint b = sim.bind(null, (f, p, t) -> received[0]++).join();
        for (int i = 0; i < 10_000; i++) {
            a.send(b.localAddress(), new byte[1]);
        }
        sim.runFor(Duration.ofSeconds(1));
        assertThat(received[0]).isBetween(8_800, 9_200);
        assertThat(sim.stats().lost()).isEqualTo(10_000 - received[0]);
    }

    @Test
    void partitionDropsCrossingDatagramsUntilHealed() {
        SimNetwork sim = new SimNetwork(1);
        int[] received = {0};
        Endpoint a = sim.bind(null, (f, p, t) -> { }).join();
        Endpoint b = sim.bind(null, (f, p, t) -> received[0]++).join();
        InetSocketAddress aAddress = a.localAddress();
        sim.partition(aAddress::equals);
        a.send(b.localAddress(), new byte[1]);
        sim.runFor(Duration.ofSeconds(1));
        assertThat(received[0]).isZero();
        sim.heal();
        a.send(b.localAddress(), new byte[1]);
        sim.runFor(Duration.ofSeconds(1));
        assertThat(received[0]).isEqualTo(1);
    }

    @Test
    void aCrashedEndpointGetsNothingAndRunsNoTimersAndItsAddressCanRestart() {
        SimNetwork sim = new SimNetwork(1);
        int[] received = {0};
        boolean[] timerRan = {false};
        Endpoint a = sim.bind(null, (f, p, t) -> { }).join();
        Endpoint b = sim.bind(null, (f, p, t) -> received[0]++).join();
        b.scheduler().schedule(Duration.ofSeconds(1), () -> timerRan[0] = true);
        assertThat(sim.crash(b.localAddress())).isTrue();
        a.send(b.localAddress(), new byte[1]);
        sim.runFor(Duration.ofSeconds(2));
        assertThat(received[0]).isZero();
        assertThat(timerRan[0]).isFalse();
        assertThat(sim.stats().undeliverable()).isEqualTo(1);

        Endpoint restarted = sim.bind(b.localAddress(), (f, p, t) -> received[0]++).join();
        a.send(restarted.localAddress(), new byte[1]);
        sim.runFor(Duration.ofSeconds(1));
        assertThat(received[0]).isEqualTo(1);
    }

    @Test
    void bindingATakenAddressFails() {
        SimNetwork sim = new SimNetwork(1);
        Endpoint a = sim.bind(null, (f, p, t) -> { }).join();
        assertThatThrownBy(() -> sim.bind(a.localAddress(), (f, p, t) -> { }).join())
                .hasCauseInstanceOf(java.net.BindException.class);
    }

    @Test
    void timersRunInVirtualTimeOrder() {
        SimNetwork sim = new SimNetwork(1);
        Endpoint a = sim.bind(null, (f, p, t) -> { }).join();
        List<Long> fired = new ArrayList<>();
        a.scheduler().schedule(Duration.ofMillis(30), () -> fired.add(sim.elapsedNanos() / 1_000_000));
        a.scheduler().schedule(Duration.ofMillis(10), () -> fired.add(sim.elapsedNanos() / 1_000_000));
        var cancelled = a.scheduler().schedule(Duration.ofMillis(20), () -> fired.add(-1L));
        cancelled.cancel();
        sim.runFor(Duration.ofMillis(100));
        assertThat(fired).containsExactly(10L, 30L);
    }
}
