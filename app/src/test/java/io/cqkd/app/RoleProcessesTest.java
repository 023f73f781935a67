package io.cqkd.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bootstrap node and two workers as separate JVM processes on 127.0.0.1, as an operator runs
 * them; a real Prometheus server scrapes them. SIGTERM makes each leave cleanly. The tests that only
 * look share one network; the one that stops its processes has its own, so no test depends on the
 * order they run in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleProcessesTest {
    private RoleNetwork shared;
    private Process prometheus;

    @TempDir
    Path dir;

    @BeforeAll
    void startRoles() throws Exception {
        shared = RoleNetwork.start();
    }

    @AfterAll
    void stopEverything() {
        if (prometheus != null) {
            ProcessHandle.of(prometheus.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
        shared.close();
    }

    @Test
    void everyRoleBecomesReadyAndServesItsMetrics() throws Exception {
        shared.awaitReady();
        for (int port : shared.metricsPorts) {
            assertThat(shared.status("http://127.0.0.1:" + port + "/health")).isEqualTo(200);
        }
        String workerMetrics = shared.body("http://127.0.0.1:" + shared.metricsPorts.get(1) + "/metrics");
        assertThat(workerMetrics).contains("cqkd_bootstrap_total{outcome=\"success\",role=\"worker\"} 1.0");
        assertThat(workerMetrics).contains("cqkd_nodes_ready{role=\"worker\"} 1.0");
        assertThat(workerMetrics).containsPattern("cqkd_rpc_sent_total\\{method=\"find_node\",role=\"worker\"} [1-9]");
        assertThat(shared.body("http://127.0.0.1:" + shared.metricsPorts.get(0) + "/metrics"))
                .containsPattern("cqkd_rpc_received_total\\{method=\"ping\",role=\"bootstrap\"} [1-9]");
    }

    @Test
    void aFlagFlippedThroughTheAdminEndpointIsAnsweredLoggedAndCounted() throws Exception {
        shared.awaitReady();
        String flag = "http://127.0.0.1:" + shared.adminPorts.get(1) + "/flags/ENABLE_MULTI_LEVEL_BOOTSTRAP";
        var off = shared.put(flag, "false");
        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(off.body()).contains("\"enabled\":false").contains("\"active\":false");
        assertThat(shared.put(flag, "maybe").statusCode()).as("a bad value is refused").isEqualTo(400);
        assertThat(shared.put(flag, "true").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(shared.logs.get(1))
                .contains("event=flag-flipped flag=ENABLE_MULTI_LEVEL_BOOTSTRAP from=true to=false via=admin"));
        assertThat(shared.body("http://127.0.0.1:" + shared.metricsPorts.get(1) + "/metrics"))
                .contains("cqkd_flag_flips_total{flag=\"ENABLE_MULTI_LEVEL_BOOTSTRAP\",via=\"admin\"} 2.0");
    }

    @Test
    void phase3FlippedOffAndOnThroughTheAdminEndpointChangesTheLookupsKInForce() throws Exception {
        shared.awaitReady();
        String metrics = "http://127.0.0.1:" + shared.metricsPorts.get(2) + "/metrics";
        String k = "cqkd_kademlia_parameter{parameter=\"k\",role=\"worker\"} ";
        await().atMost(Duration.ofSeconds(30)).until(() -> shared.body(metrics).contains(k + "30.0"));
        String flag = "http://127.0.0.1:" + shared.adminPorts.get(2) + "/flags/ENABLE_ADAPTIVE_KADEMLIA";
        assertThat(shared.put(flag, "false").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> shared.body(metrics).contains(k + "20.0"));
        assertThat(shared.put(flag, "true").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> shared.body(metrics).contains(k + "30.0"));
        String health = shared.body("http://127.0.0.1:" + shared.metricsPorts.get(2) + "/health");
        // The network has 3 nodes; a worker that joined before the other counted 2 in its join's lookups.
        assertThat(new ObjectMapper().readTree(health).get("network_size_estimate").asLong()).isBetween(2L, 3L);
    }

    @Test
    void aRealPrometheusServerScrapesEveryRole() throws Exception {
        Path binary = Path.of("/usr/bin/prometheus");
        Assumptions.assumeTrue(Files.isExecutable(binary),
                "Prometheus is not installed here (.ci/run installs Debian's prometheus package)");
        shared.awaitReady();
        int port = RoleNetwork.freeTcpPort();
        StringBuilder targets = new StringBuilder();
        for (int p : shared.metricsPorts) {
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
                .until(() -> upTargets(api) == shared.metricsPorts.size());
        JsonNode nodes = query(api, "cqkd_nodes");
        assertThat(nodes.path("data").path("result")).hasSize(shared.metricsPorts.size());
        assertThat(nodes.path("data").path("result").get(0).path("value").get(1).asText()).isEqualTo("1");
    }

    @Test
    void sigtermMakesEveryRoleLeaveCleanly() throws Exception {
        try (RoleNetwork own = RoleNetwork.start()) {
            own.awaitReady();
            for (Process p : own.roles) {
                p.destroy(); // SIGTERM
            }
            for (int i = 0; i < own.roles.size(); i++) {
                assertThat(own.roles.get(i).waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(Files.readString(own.logs.get(i))).contains("event=stopping").contains("event=stopped");
            }
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
        return new ObjectMapper().readTree(shared.body(api + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
    }
}
