package io.cqkd.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Separate role processes on 127.0.0.1, and one worker process killed with SIGKILL: with phase 4 on
 * (the default), the other processes declare its nodes dead and take them out of their tables,
 * without a single call of theirs having to fail first.
 */
class KilledWorkerProcessTest {
    private static final int KILLED_NODES = 20;

    @Test
    void theNodesOfAWorkerProcessKilledWithSigkillLeaveTheOtherProcessesTables() throws Exception {
        try (RoleNetwork net = RoleNetwork.startWithWorkerProcess(KILLED_NODES)) {
            net.awaitReady();
            String survivor = "http://127.0.0.1:" + net.metricsPorts.get(1) + "/metrics";
            await().atMost(Duration.ofSeconds(60)).until(() -> gauge(net.body(survivor),
                    "cqkd_routing_table_nodes\\{role=\"worker\"}") >= KILLED_NODES);
            assertThat(gauge(net.body(survivor), "cqkd_health_deaths_total\\{reason=\"suspicion\",role=\"worker\"}"))
                    .isZero();

            double tableBefore = gauge(net.body(survivor), "cqkd_routing_table_nodes\\{role=\"worker\"}");
            net.roles.get(2).destroyForcibly(); // SIGKILL: no goodbye, its sockets simply go silent
            assertThat(net.roles.get(2).waitFor() ).isEqualTo(137);

            // Fast interval 10 s + check 2 s + suspicion at most 12 s, with room for a slow machine.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> gauge(net.body(survivor), "cqkd_routing_table_nodes\\{role=\"worker\"}") <= 1);
            // Every entry that left was declared dead by the detector (its table held the bootstrap
            // node and some of the killed ones, not necessarily all twenty).
            double left = tableBefore - gauge(net.body(survivor), "cqkd_routing_table_nodes\\{role=\"worker\"}");
            assertThat(left).isGreaterThanOrEqualTo(KILLED_NODES / 2.0);
            assertThat(gauge(net.body(survivor), "cqkd_health_deaths_total\\{reason=\"suspicion\",role=\"worker\"}"))
                    .isGreaterThanOrEqualTo(left);
            assertThat(gauge(net.body(survivor), "cqkd_health_suspicions_total\\{outcome=\"started\",role=\"worker\"}"))
                    .isGreaterThanOrEqualTo(left);
            // The live bootstrap node, whose answers stopped naming closer nodes once they died, was
            // not taken for a faulty one.
            assertThat(net.body(survivor).lines().filter(l -> l.startsWith("cqkd_health_deaths_total{")
                    && !l.contains("reason=\"suspicion\"")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum())
                    .isZero();
        }
    }

    private static double gauge(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
