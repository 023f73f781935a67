package io.cqkd.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bootstrap node and two workers as separate JVM processes on 127.0.0.1, as an operator runs
 * them; a real Prometheus server scrapes them. SIGTERM makes each leave cleanly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoleProcessesTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> roles = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private final List<Integer> metricsPorts = new ArrayList<>();
    private Process prometheus;

    @TempDir
    Path dir;

    @BeforeAll
    void startRoles() throws Exception {
        int bootstrapPort = freeUdpPort();
        start("bootstrap", Map.of("BOOTSTRAP_NODES", "", "DHT_PORT", String.valueOf(bootstrapPort)));
        for (int i = 0; i < 2; i++) {
            start("worker", Map.of("BOOTSTRAP_NODES", "127.0.0.1:" + bootstrapPort, "DHT_PORT",
                    String.valueOf(freeUdpPort())));
        }
    }

    private void start(String role, Map<String, String> env) throws IOException {
        int metricsPort = freeTcpPort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createTempFile(role + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), role).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("METRICS_PORT", String.valueOf(metricsPort));
        builder.environment().put("ADMIN_PORT", String.valueOf(freeTcpPort()));
        roles.add(builder.start());
        logs.add(log);
        metricsPorts.add(metricsPort);
    }

    @AfterAll
    void stopEverything() {
        if (prometheus != null) {
            prometheus.destroyForcibly();
        }
        roles.forEach(Process::destroyForcibly);
    }

    @Test
    @Order(1)
    void everyRoleBecomesReadyAndServesItsMetrics() throws Exception {
        for (int port : metricsPorts) {
            await().atMost(Duration.ofSeconds(60)).until(() -> status("http://127.0.0.1:" + port + "/ready") == 200);
            assertThat(status("http://127.0.0.1:" + port + "/health")).isEqualTo(200);
        }
        String workerMetrics = body("http://127.0.0.1:" + metricsPorts.get(1) + "/metrics");
        assertThat(workerMetrics).contains("cqkd_bootstrap_total{outcome=\"success\",role=\"worker\"} 1.0");
        assertThat(workerMetrics).contains("cqkd_nodes_ready{role=\"worker\"} 1.0");
        assertThat(workerMetrics).containsPattern("cqkd_rpc_sent_total\\{method=\"find_node\",role=\"worker\"} [1-9]");
        assertThat(body("http://127.0.0.1:" + metricsPorts.get(0) + "/metrics"))
                .containsPattern("cqkd_rpc_received_total\\{method=\"ping\",role=\"bootstrap\"} [1-9]");
    }

    @Test
    @Order(2)
    void aRealPrometheusServerScrapesEveryRole() throws Exception {
        Path binary = Path.of("/usr/bin/prometheus");
        Assumptions.assumeTrue(Files.isExecutable(binary),
                "Prometheus is not installed here (.ci/run installs Debian's prometheus package)");
        int port = freeTcpPort();
        StringBuilder targets = new StringBuilder();
        for (int p : metricsPorts) {
            targets.append(targets.length() == 0 ? "" : ", ").append("'127.0.0.1:").append(p).append("'");
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: cqkd\n"
                + "    static_configs:\n      - targets: [" + targets + "]\n");
        prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        String api = "http://127.0.0.1:" + port + "/api/v1/query?query=";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> upTargets(api) == metricsPorts.size());
        JsonNode nodes = query(api, "cqkd_nodes");
        assertThat(nodes.path("data").path("result")).hasSize(metricsPorts.size());
        assertThat(nodes.path("data").path("result").get(0).path("value").get(1).asText()).isEqualTo("1");
    }

    @Test
    @Order(3)
    void sigtermMakesEveryRoleLeaveCleanly() throws Exception {
        for (Process p : roles) {
            p.destroy(); // SIGTERM
        }
        for (int i = 0; i < roles.size(); i++) {
            assertThat(roles.get(i).waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(logs.get(i))).contains("event=stopping").contains("event=stopped");
        }
    }

    private int upTargets(String api) throws Exception {
        int up = 0;
        for (JsonNode r : query(api, "up").path("data").path("result")) {
            up += r.path("value").get(1).asText().equals("1") ? 1 : 0;
        }
        return up;
    }

    private JsonNode query(String api, String promql) throws Exception {
        return new ObjectMapper().readTree(body(api + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String body(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
