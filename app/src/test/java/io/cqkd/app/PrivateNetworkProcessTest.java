package io.cqkd.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A private network of role processes ({@code NETWORK_KEY}): its workers join; a worker process
 * started without the key never does, and the bootstrap node counts its datagrams as unsealed.
 */
class PrivateNetworkProcessTest {
    private static final String KEY = "6b".repeat(32);

    @Test
    void workersWithTheKeyJoinAndAWorkerWithoutItCannot() throws Exception {
        try (RoleNetwork net = new RoleNetwork()) {
            int bootstrapPort = RoleNetwork.freeUdpPort();
            String seed = "127.0.0.1:" + bootstrapPort;
            int bootstrap = net.start("bootstrap", Map.of("BOOTSTRAP_NODES", "", "DHT_PORT", String.valueOf(bootstrapPort),
                    "NETWORK_KEY", KEY));
            int first = RoleNetwork.freeUdpPort();
            int members = net.start("worker", Map.of("BOOTSTRAP_NODES", seed, "NETWORK_KEY", KEY,
                    "DHT_PORT", String.valueOf(first), "PORT_RANGE", first + "-" + Math.min(65535, first + 20)),
                    "--count", "5");
            net.awaitReady(bootstrap);
            net.awaitReady(members);
            assertThat(net.awaitLog(members, "event=joined")).contains("event=network-private");

            int stranger = net.start("worker", Map.of("BOOTSTRAP_NODES", seed, "DHT_PORT",
                    String.valueOf(RoleNetwork.freeUdpPort())));
            String metrics = "http://127.0.0.1:" + net.metricsPorts.get(bootstrap) + "/metrics";
            await().atMost(Duration.ofSeconds(30)).until(() -> unsealed(net.body(metrics)) > 0);
            assertThat(net.status("http://127.0.0.1:" + net.metricsPorts.get(stranger) + "/ready"))
                    .as("the worker without the key has not joined").isNotEqualTo(200);
            assertThat(net.body("http://127.0.0.1:" + net.metricsPorts.get(members) + "/metrics"))
                    .contains("cqkd_routing_table_nodes");
        }
    }

    private static double unsealed(String metrics) {
        Matcher m = Pattern.compile("cqkd_network_dropped_total\\{reason=\"unsealed\",role=\"bootstrap\"} ([0-9.]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
