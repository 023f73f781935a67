package io.cqkd.app.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.phases.RuntimeFlags;
import io.cqkd.settings.Feature;
import io.cqkd.settings.Settings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminServerTest {
    private static final AdminToken TOKEN = new AdminToken("test-token-0123456789", "test");
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> put(int port, String flag, String body) throws Exception {
        return put(port, flag, body, "Bearer " + TOKEN.token());
    }

    private HttpResponse<String> put(int port, String flag, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/flags/" + flag))
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aChangeWithoutTheTokenGets401AndChangesNothing() throws Exception {
        RuntimeFlags flags = new RuntimeFlags(Settings.defaults(), new PrometheusRegistry());
        try (AdminServer admin = new AdminServer(new InetSocketAddress("127.0.0.1", 0), flags, TOKEN)) {
            for (String authorization : new String[] {null, "Bearer wrong-token-0123456789", TOKEN.token(),
                "Basic " + TOKEN.token()}) {
                HttpResponse<String> refused = put(admin.port(), "ENABLE_HEALTH_CHECK", "false", authorization);
                assertThat(refused.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
                assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer");
                assertThat(refused.body()).contains("admin token");
            }
            assertThat(flags.enabled(Feature.HEALTH_CHECK)).isTrue();
            assertThat(put(admin.port(), "ENABLE_HEALTH_CHECK", "false").statusCode()).isEqualTo(200);
            assertThat(flags.enabled(Feature.HEALTH_CHECK)).isFalse();
        }
    }

    private static double flips(PrometheusRegistry registry, String flag, String via) {
        for (var snapshot : registry.scrape()) {
            if (snapshot instanceof CounterSnapshot counter && counter.getMetadata().getName().equals("cqkd_flag_flips")) {
                for (var point : counter.getDataPoints()) {
                    if (point.getLabels().get("flag").equals(flag) && point.getLabels().get("via").equals(via)) {
                        return point.getValue();
                    }
                }
            }
        }
        return -1;
    }

    @Test
    void aFlagFlippedAtRunTimeChangesTheStateInForceAndIsCounted() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        RuntimeFlags flags = new RuntimeFlags(Settings.defaults(), registry);
        try (AdminServer admin = new AdminServer(new InetSocketAddress("127.0.0.1", 0), flags, TOKEN)) {
            assertThat(flags.enabled(Feature.DYNAMIC_PORTS)).isTrue();
            assertThat(flags.active(Feature.DYNAMIC_PORTS)).isTrue(); // phase 1 is in this build
            HttpResponse<String> off = put(admin.port(), "ENABLE_DYNAMIC_PORTS", "false");
            assertThat(off.statusCode()).isEqualTo(200);
            assertThat(off.body()).contains("\"previous\":true").contains("\"enabled\":false");
            assertThat(flags.enabled(Feature.DYNAMIC_PORTS)).isFalse();
            assertThat(flips(registry, "ENABLE_DYNAMIC_PORTS", "admin")).isEqualTo(1.0);

            assertThat(put(admin.port(), "ENABLE_DYNAMIC_PORTS", "maybe").statusCode()).isEqualTo(400);
            assertThat(put(admin.port(), "NO_SUCH_FLAG", "true").statusCode()).isEqualTo(404);
            assertThat(flags.enabled(Feature.DYNAMIC_PORTS)).as("bad requests change nothing").isFalse();
            String listed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + "/flags"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(listed).contains("ENABLE_DYNAMIC_PORTS").contains("\"enabled\":false");
        }
    }

    @Test
    void turningDynamicPortsOffAtRunTimeGivesTheNextNodeTheStaticPort() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        RuntimeFlags flags = new RuntimeFlags(Settings.defaults(), registry);
        try (AdminServer admin = new AdminServer(new InetSocketAddress("127.0.0.1", 0), flags, TOKEN);
             io.cqkd.transport.UdpTransport transport = new io.cqkd.transport.UdpTransport(1, 64 * 1024)) {
            io.cqkd.phases.ports.PortRegistry ports = new io.cqkd.phases.ports.PortRegistry(transport,
                    java.net.InetAddress.getLoopbackAddress(),
                    new io.cqkd.phases.ports.PortPlan(29001, 29100, java.util.List.of()),
                    () -> flags.active(Feature.DYNAMIC_PORTS), 29000, io.cqkd.phases.ports.PortListener.NONE);
            var before = ports.allocate(29001, "default", (f, p, t) -> { });
            assertThat(before.port()).isEqualTo(29001);
            assertThat(put(admin.port(), "ENABLE_DYNAMIC_PORTS", "false").statusCode()).isEqualTo(200);
            // A node (re)started now gets the static port: the flag changed the behaviour in force.
            var after = ports.allocate(29002, "default", (f, p, t) -> { });
            assertThat(after.port()).isEqualTo(29000);
            assertThat(after.outcome()).isEqualTo(io.cqkd.phases.ports.AllocationOutcome.STATIC);
            assertThat(put(admin.port(), "ENABLE_DYNAMIC_PORTS", "true").statusCode()).isEqualTo(200);
            assertThat(ports.allocate(29003, "default", (f, p, t) -> { }).port()).isEqualTo(29003);
        }
    }

    @Test
    void aFlagSetAwayFromItsDefaultAtStartIsCountedAsARestartRollback() {
        PrometheusRegistry registry = new PrometheusRegistry();
        new RuntimeFlags(Settings.load(Map.of("ENABLE_ADAPTIVE_REFRESH", "false"), Map.of()), registry);
        assertThat(flips(registry, "ENABLE_ADAPTIVE_REFRESH", "restart")).isEqualTo(1.0);
        assertThat(flips(registry, "ENABLE_DYNAMIC_PORTS", "restart")).isEqualTo(0.0);
    }
}
