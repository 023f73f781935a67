package io.cqkd.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Phase 5's saved table with separate role processes: a worker killed with SIGKILL and started
 * again re-joins through the peers it saved (its last periodic save), with its bootstrap node dead;
 * a bootstrap node stopped and started again re-joins instead of founding a network of its own; a file that is not a saved table is
 * reported in one line and the worker joins through its bootstrap node as on a first start.
 */
class SavedTableRestartTest {
    @TempDir
    Path data;

    @Test
    void aWorkerKilledWithSigkillAndRestartedRejoinsThroughItsSavedPeersWithItsBootstrapNodeDead() throws Exception {
        try (RoleNetwork net = new RoleNetwork()) {
            int bootstrapPort = RoleNetwork.freeUdpPort();
            String seed = "127.0.0.1:" + bootstrapPort;
            int bootstrap = net.start("bootstrap", Map.of("BOOTSTRAP_NODES", "", "DHT_PORT", String.valueOf(bootstrapPort)));
            int first = RoleNetwork.freeUdpPort();
            net.start("worker", Map.of("BOOTSTRAP_NODES", seed, "DHT_PORT", String.valueOf(first),
                    "PORT_RANGE", first + "-" + Math.min(65535, first + 30)), "--count", "8");
            Map<String, String> saving = Map.of("BOOTSTRAP_NODES", seed, "DHT_PORT", String.valueOf(RoleNetwork.freeUdpPort()),
                    "DATA_DIR", data.toString());
            int worker = net.start("worker", saving);
            net.awaitReady();
            // Phase 5 has seen the table (its tick, every 5 s, keeps the peers it would save) once the
            // entries show in its age metric: the other process's eight and the bootstrap node.
            await().atMost(Duration.ofSeconds(30)).until(() -> net.body("http://127.0.0.1:" + net.metricsPorts.get(worker)
                    + "/metrics").contains("cqkd_routing_entries_by_age{age_seconds=\"+Inf\",role=\"worker\"} 9.0"));

            // The periodic save (every 60 s): a process killed with SIGKILL has no chance to save as it stops.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> hasTable(data));
            net.roles.get(worker).destroyForcibly(); // SIGKILL
            assertThat(net.roles.get(worker).waitFor()).isEqualTo(137);
            Path table = onlyTableIn(data);
            assertThat(Files.readString(table)).startsWith("cqkd-saved-table 1\nrole worker\n").contains("\npeer 127.0.0.1:");
            net.roles.get(bootstrap).destroyForcibly();
            net.roles.get(bootstrap).waitFor();

            int restarted = net.start("worker", saving);
            net.awaitReady(restarted);
            String log = net.awaitLog(restarted, "event=joined");
            assertThat(log).contains("event=saved-table-loaded").contains("event=joined");
            assertThat(log).doesNotContain("event=join-failed");
        }
    }

    @Test
    void aBootstrapNodeRestartedWithItsSavedTableRejoinsTheNetworkInsteadOfFoundingAnIsland() throws Exception {
        try (RoleNetwork net = new RoleNetwork()) {
            int bootstrapPort = RoleNetwork.freeUdpPort();
            Map<String, String> bootstrapEnv = Map.of("BOOTSTRAP_NODES", "", "DHT_PORT", String.valueOf(bootstrapPort),
                    "DATA_DIR", data.toString());
            int bootstrap = net.start("bootstrap", bootstrapEnv);
            int first = RoleNetwork.freeUdpPort();
            int workers = net.start("worker", Map.of("BOOTSTRAP_NODES", "127.0.0.1:" + bootstrapPort,
                    "DHT_PORT", String.valueOf(first), "PORT_RANGE", first + "-" + Math.min(65535, first + 30)),
                    "--count", "8");
            net.awaitReady();
            await().atMost(Duration.ofSeconds(30)).until(() -> net.body("http://127.0.0.1:" + net.metricsPorts.get(bootstrap)
                    + "/metrics").contains("cqkd_routing_entries_by_age{age_seconds=\"+Inf\",role=\"bootstrap\"} 8.0"));
            net.roles.get(bootstrap).destroy();
            net.roles.get(bootstrap).waitFor();

            int restarted = net.start("bootstrap", bootstrapEnv);
            Path logFile = net.logs.get(restarted);
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(logFile).contains("event=joined")
                    || Files.readString(logFile).contains("event=network-founded"));
            String log = Files.readString(logFile);
            assertThat(log).contains("event=saved-table-loaded").contains("event=joined")
                    .doesNotContain("event=network-founded");
            assertThat(net.roles.get(workers).isAlive()).isTrue();
        }
    }

    @Test
    void aFileThatIsNotASavedTableIsReportedInOneLineAndTheWorkerJoinsThroughItsBootstrapNode() throws Exception {
        try (RoleNetwork net = new RoleNetwork()) {
            int bootstrapPort = RoleNetwork.freeUdpPort();
            net.start("bootstrap", Map.of("BOOTSTRAP_NODES", "", "DHT_PORT", String.valueOf(bootstrapPort)));
            int port = RoleNetwork.freeUdpPort();
            Files.write(data.resolve("worker-" + port + ".table"), new byte[] {0x50, 0x4b, 0x03, 0x04, 0, 0, (byte) 0xff});
            int worker = net.start("worker", Map.of("BOOTSTRAP_NODES", "127.0.0.1:" + bootstrapPort,
                    "DHT_PORT", String.valueOf(port), "DATA_DIR", data.toString()));
            net.awaitReady(worker);
            String log = net.awaitLog(worker, "event=joined");
            assertThat(log.lines().filter(l -> l.contains("event=saved-table-ignored")))
                    .singleElement().asString().contains("worker-" + port + ".table");
            assertThat(log).contains("event=joined").doesNotContain("Exception");
        }
    }

    private static boolean hasTable(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".table"));
        }
    }

    private static Path onlyTableIn(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".table")).findFirst().orElseThrow();
        }
    }
}
