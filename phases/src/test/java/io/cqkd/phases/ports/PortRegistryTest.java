package io.cqkd.phases.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqkd.transport.PacketHandler;
import io.cqkd.transport.UdpTransport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real sockets on 127.0.0.1, in ranges below the kernel's ephemeral ports (32768-60999 on Linux), so
 * that no socket bound to port 0 elsewhere can take one of them mid-test.
 */
class PortRegistryTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final PacketHandler IGNORE = (from, payload, at) -> { };

    private UdpTransport transport;
    private final List<DatagramSocket> occupied = new ArrayList<>();

    @BeforeEach
    void transport() {
        transport = new UdpTransport(2, 64 * 1024);
    }

    @AfterEach
    void close() {
        occupied.forEach(DatagramSocket::close);
        transport.close();
    }

    private PortRegistry registry(PortPlan plan, AtomicBoolean dynamic, int staticPort) {
        return new PortRegistry(transport, LOOPBACK, plan, dynamic::get, staticPort, PortListener.NONE);
    }

    private void occupy(int port) throws Exception {
        occupied.add(new DatagramSocket(new InetSocketAddress(LOOPBACK, port)));
    }

    @Test
    void aHundredWorkersWithThirtyPreferredPortsTakenAllGetDistinctFreePorts() throws Exception {
        PortPlan plan = new PortPlan(22000, 22199, List.of());
        Set<Integer> taken = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            occupy(22000 + 3 * i);
            taken.add(22000 + 3 * i);
        }
        PortRegistry registry = registry(plan, new AtomicBoolean(true), 7000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<PortAllocation>> allocations = new ArrayList<>();
        for (int worker = 1; worker <= 100; worker++) {
            int preferred = 22000 + worker - 1;
            allocations.add(pool.submit(() -> registry.allocate(preferred, "default", IGNORE)));
        }
        Set<Integer> ports = new HashSet<>();
        int preferredHits = 0;
        for (Future<PortAllocation> f : allocations) {
            PortAllocation a = f.get(30, TimeUnit.SECONDS);
            assertThat(ports.add(a.port())).as("port %d given twice", a.port()).isTrue();
            preferredHits += a.outcome() == AllocationOutcome.PREFERRED ? 1 : 0;
        }
        pool.shutdown();
        assertThat(ports).hasSize(100).doesNotContainAnyElementsOf(taken).allMatch(plan::contains);
        assertThat(preferredHits).isEqualTo(70); // the 30 taken ones fell back, to the top of the range
    }

    @Test
    void aThousandWorkersFillAThousandPortsAndTheNextFailsClearly() {
        PortPlan plan = new PortPlan(23000, 23999, List.of());
        PortRegistry registry = registry(plan, new AtomicBoolean(true), 7000);
        Set<Integer> ports = new HashSet<>();
        for (int worker = 1; worker <= 1000; worker++) {
            ports.add(registry.allocate(23000 + worker - 1, "default", IGNORE).port());
        }
        assertThat(ports).hasSize(1000);
        assertThatThrownBy(() -> registry.allocate(23000, "default", IGNORE))
                .isInstanceOf(PortAllocationException.class)
                .hasMessageContaining("no free UDP port in 23000-23999")
                .hasMessageContaining("1000 ports; 1000 held by this process");
        registry.release(23500);
        assertThat(registry.inUse()).isEqualTo(999);
    }

    @Test
    void regionalSlicesSpreadEachRegionsWorkersEvenly() {
        PortPlan plan = new PortPlan(24000, 24899, List.of("east", "west", "central"));
        PortRegistry registry = registry(plan, new AtomicBoolean(true), 7000);
        Map<String, Integer> perRegion = new HashMap<>();
        for (String region : plan.regions()) {
            for (int id = 1; id <= 200; id++) {
                PortAllocation a = registry.allocate(24000 + id - 1, region, IGNORE);
                int[] slice = plan.slice(region);
                assertThat(a.port()).isBetween(slice[0], slice[1]);
                perRegion.merge(plan.regionOf(a.port()), 1, Integer::sum);
            }
        }
        int max = Collections.max(perRegion.values());
        int min = Collections.min(perRegion.values());
        assertThat((double) max / min).isLessThanOrEqualTo(1.2);
    }

    @Test
    void aFullSliceBorrowsFromTheOthers() {
        PortPlan plan = new PortPlan(25000, 25019, List.of("east", "west"));
        PortRegistry registry = registry(plan, new AtomicBoolean(true), 7000);
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 15; i++) {
            ports.add(registry.allocate(25000 + i, "east", IGNORE).port());
        }
        assertThat(ports).hasSize(15);
        assertThat(ports.stream().filter(p -> p >= 25010)).hasSize(5); // borrowed from west, from its top
    }

    @Test
    void staticFallbackAndRollingBackAndForthBetweenDynamicAndStatic() throws Exception {
        int staticPort = 26000;
        PortPlan plan = new PortPlan(26001, 26100, List.of());
        AtomicBoolean dynamic = new AtomicBoolean(false);
        PortRegistry registry = registry(plan, dynamic, staticPort);
        PortAllocation first = registry.allocate(26001, "default", IGNORE);
        assertThat(first.port()).isEqualTo(staticPort);
        assertThat(first.outcome()).isEqualTo(AllocationOutcome.STATIC);
        // The old behaviour, on purpose: a second worker on the host cannot have the static port.
        assertThatThrownBy(() -> registry.allocate(26002, "default", IGNORE))
                .isInstanceOf(PortAllocationException.class).hasMessageContaining("port in use");
        dynamic.set(true); // roll forward: the next worker gets a port of the range
        assertThat(registry.allocate(26002, "default", IGNORE).port()).isEqualTo(26002);
        dynamic.set(false); // and back again
        assertThatThrownBy(() -> registry.allocate(26003, "default", IGNORE))
                .isInstanceOf(PortAllocationException.class).hasMessageContaining("port in use");
    }

    @Test
    void twoProcessesAllocatingAtTheSameTimeNeverGetTheSamePort() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    PortAllocatingProcess.class.getName(), "27000", "27399", "200").start());
        }
        Map<Integer, Integer> owner = new ConcurrentHashMap<>();
        for (int i = 0; i < 2; i++) {
            BufferedReader out = new BufferedReader(new InputStreamReader(processes.get(i).getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("process %d output", i).startsWith("ports ");
            for (String p : line.substring(6).split(",")) {
                Integer previous = owner.put(Integer.parseInt(p), i);
                assertThat(previous).as("port %s given to both processes", p).isNull();
            }
        }
        assertThat(owner).hasSize(400);
        for (Process p : processes) {
            p.getOutputStream().close(); // they hold their ports until told to go
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
