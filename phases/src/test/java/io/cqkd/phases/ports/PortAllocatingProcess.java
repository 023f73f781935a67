package io.cqkd.phases.ports;

import io.cqkd.transport.UdpTransport;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate JVM for the two-process test: allocates N ports from one range (all workers preferring
 * the same first ports, the worst case), prints them, and holds them until its stdin closes.
 */
public final class PortAllocatingProcess {
    private PortAllocatingProcess() {}

    public static void main(String[] args) throws Exception {
        int first = Integer.parseInt(args[0]);
        int last = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        try (UdpTransport transport = new UdpTransport(1, 64 * 1024)) {
            PortRegistry registry = new PortRegistry(transport, InetAddress.getLoopbackAddress(),
                    new PortPlan(first, last, List.of()), () -> true, 7000, PortListener.NONE);
            List<String> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ports.add(String.valueOf(registry.allocate(first + i, "default", (f, p, t) -> { }).port()));
            }
            System.out.println("ports " + String.join(",", ports));
            System.out.flush();
            while (System.in.read() != -1) {
                // hold the ports until the parent closes our stdin
            }
        }
    }
}
