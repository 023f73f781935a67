package io.cqkd.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.cluster.BlockingDriver;
import io.cqkd.dht.cluster.Cluster;
import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.transport.UdpTransport;
import io.cqkd.wire.NodeId;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The island of issue 13, with separate role processes: a bootstrap process killed with SIGKILL
 * while a process of 200 workers runs, and started again on its port (a new id), with its saved
 * table and without one. Ten nodes that join through it afterwards find every one of the 200 by
 * lookup. (Without a table the restarted node founds a network of one; the workers' calls to its
 * address — phase 4's checks of the entry they held for it — make it verify and keep them.)
 */
class RestartedBootstrapProcessTest {
    private static final int WORKERS = 200;
    private static final int JOINERS = 10;
    private static final Pattern STARTED = Pattern.compile("event=node-started role=worker id=([0-9a-f]{40})");

    @TempDir
    Path data;

    @Test
    void restartedWithoutItsSavedTableItLeadsJoinersToEveryWorker() throws Exception {
        joinersFindEveryWorkerAfterARestart(false);
    }

    @Test
    void restartedWithItsSavedTableItLeadsJoinersToEveryWorker() throws Exception {
        joinersFindEveryWorkerAfterARestart(true);
    }

    private void joinersFindEveryWorkerAfterARestart(boolean withTable) throws Exception {
        try (RoleNetwork net = new RoleNetwork()) {
            int bootstrapPort = RoleNetwork.freeUdpPort();
            Map<String, String> bootstrapEnv = new HashMap<>(Map.of("BOOTSTRAP_NODES", "",
                    "DHT_PORT", String.valueOf(bootstrapPort)));
            if (withTable) {
                bootstrapEnv.put("DATA_DIR", data.toString());
            }
            int bootstrap = net.start("bootstrap", bootstrapEnv);
            int first = RoleNetwork.freeUdpPort();
            int workers = net.start("worker", Map.of("BOOTSTRAP_NODES", "127.0.0.1:" + bootstrapPort,
                    "DHT_PORT", String.valueOf(first), "PORT_RANGE", first + "-" + Math.min(65535, first + 3 * WORKERS)),
                    "--count", String.valueOf(WORKERS));
            net.awaitReady();
            List<NodeId> workerIds = workerIds(net.logs.get(workers));
            assertThat(workerIds).hasSize(WORKERS);
            if (withTable) {
                // The periodic save (every 60 s): SIGKILL leaves the node no chance to save as it stops.
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> hasTable(data));
            }

            net.roles.get(bootstrap).destroyForcibly(); // SIGKILL
            net.roles.get(bootstrap).waitFor();
            int restarted = net.start("bootstrap", bootstrapEnv);
            net.awaitReady(restarted);
            String log = net.awaitLog(restarted, withTable ? "event=joined" : "event=network-founded");
            assertThat(log.contains("event=saved-table-loaded")).isEqualTo(withTable);
            // The island the issue saw came from joiners arriving while the restarted node knew no one:
            // they come once its table holds some of the workers again.
            String metrics = "http://127.0.0.1:" + net.metricsPorts.get(restarted) + "/metrics";
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> routingEntries(net.body(metrics)) >= 16);

            try (UdpTransport transport = new UdpTransport();
                 Cluster joiners = new Cluster(transport, new BlockingDriver(), 13)) {
                List<DhtNode> nodes = joiners.startNodes(JOINERS, DhtConfig.defaults(),
                        i -> new InetSocketAddress("127.0.0.1", 0));
                List<?> joins = joiners.driver().await(joiners.joinAll(nodes,
                        List.of(new InetSocketAddress("127.0.0.1", bootstrapPort)), JOINERS), Duration.ofMinutes(1));
                assertThat(joins).as("every joiner joined").doesNotContainNull();
                // Every worker found by lookup: a pass over those not found yet, again while any is
                // missing, for up to a minute (the joiners' tables fill as their refreshes go on).
                List<NodeId> missed = new ArrayList<>(workerIds);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                for (int pass = 0; !missed.isEmpty() && (pass == 0 || System.nanoTime() < deadline); pass++) {
                    List<NodeId> stillMissed = new ArrayList<>();
                    for (int i = 0; i < missed.size(); i++) {
                        CompletableFuture<LookupResult> lookup = nodes.get((i + pass) % JOINERS).lookup(missed.get(i));
                        if (!joiners.driver().await(lookup, Duration.ofSeconds(30)).foundTarget()) {
                            stillMissed.add(missed.get(i));
                        }
                    }
                    missed = stillMissed;
                }
                assertThat(missed).as("workers the joiners did not find by lookup").isEmpty();
            }
        }
    }

    private static List<NodeId> workerIds(Path log) throws Exception {
        List<NodeId> ids = new ArrayList<>();
        Matcher m = STARTED.matcher(Files.readString(log));
        while (m.find()) {
            ids.add(NodeId.fromHex(m.group(1)));
        }
        return ids;
    }

    /** The entries of the process's routing tables, from the age histogram's +Inf bucket. */
    private static long routingEntries(String metrics) {
        Matcher m = Pattern.compile("cqkd_routing_entries_by_age\\{age_seconds=\"\\+Inf\",role=\"bootstrap\"} ([0-9.]+)")
                .matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    private static boolean hasTable(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".table"));
        }
    }
}
