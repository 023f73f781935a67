package io.cqkd.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Phase 4's acceptance, as a user runs it: {@code scale-test health} in simulation (fixed seed), a
 * fifth of the nodes killed at once under 10 % datagram loss, the failure detector beside the plain
 * ping-and-evict one on the same network. (The 1,000-node, one-hour run of the same command is
 * {@link HealthHourLongTest}, tagged long: it takes this machine too long for the default suite.)
 */
class HealthScenarioTest {
    /**
     * The bound documented in docs/benchmarks.md: fast interval 10 s + fast check 2 s + suspicion at
     * most 12 s, plus up to ~20 s for a holder whose checks waited behind the others' when a fifth
     * of its table died at once (64 checks at once, probes served first). The goal of 30 s is a
     * benchmark figure, reported there as met or not.
     */
    private static final long DEAD_REMOVED_BOUND_MILLIS = 45_000;

    private static Map<String, JsonNode> run(String... arguments) throws Exception {
        return ScenarioRows.run("health", "detector", arguments);
    }

    @Test
    void underLossTheDetectorRemovesEveryDeadNodeSoonAccusesNoLiveOneAndDiscoveryReturnsOnlyLiveNodes()
            throws Exception {
        Map<String, JsonNode> rows = run("scale-test", "health", "--mode", "sim", "--workers", "300", "--dead", "0.2",
                "--loss", "0.1", "--compare", "ping-only", "--observe-minutes", "15", "--seed", "7", "--json");
        assertThat(rows).containsOnlyKeys("health", "ping-only");
        for (JsonNode row : rows.values()) {
            for (String field : new String[] {"healthyReturned", "deadRemovedMillisP50", "deadRemovedMillisP99",
                "falsePositives", "sweepMillis", "checkMillisP99", "checkRpcs"}) {
                assertThat(row.has(field)).as(field).isTrue();
            }
        }
        JsonNode health = rows.get("health");
        assertThat(health.get("killed").asLong()).isEqualTo(60);
        assertThat(health.get("discoveryReturned").asLong()).isPositive();
        assertThat(health.get("healthyReturned").asDouble()).as("discovery returns only live nodes").isEqualTo(1.0);
        assertThat(health.get("deadRemoved").asLong()).as("every dead node left every table")
                .isEqualTo(health.get("killed").asLong());
        assertThat(health.get("deadRemovedMillisMax").asLong()).isLessThanOrEqualTo(DEAD_REMOVED_BOUND_MILLIS);
        assertThat(health.get("falsePositives").asLong()).as("no live node declared dead in 15 minutes").isZero();
        assertThat(health.get("suspicionsRefuted").asLong()).as("loss made live nodes suspect, and they answered")
                .isPositive();
        assertThat(rows.get("ping-only").get("falsePositives").asLong())
                .as("the ping-only detector on the same network and losses accuses live nodes").isPositive();
    }

    @Test
    void onRealSocketsDiscoveryReturnsOnlyLiveNodesAfterAFifthOfThemStopped() throws Exception {
        JsonNode health = run("scale-test", "health", "--mode", "udp", "--workers", "300", "--dead", "0.2",
                "--observe-minutes", "1", "--warm-up-seconds", "30", "--json").get("health");
        assertThat(health.get("killed").asLong()).isEqualTo(60);
        assertThat(health.get("discoveryReturned").asLong()).isPositive();
        assertThat(health.get("healthyReturned").asDouble()).isEqualTo(1.0);
        assertThat(health.get("deadRemoved").asLong()).isEqualTo(health.get("killed").asLong());
    }

    @Test
    void peersThatAnswerPingsButFailADeeperLevelAreFoundAtTheDeepLevelAndNotByPings() throws Exception {
        Map<String, JsonNode> rows = run("scale-test", "health", "--mode", "sim", "--workers", "100", "--dead", "0",
                "--level", "deep", "--faulty", "2", "--compare", "ping-only", "--observe-minutes", "12", "--json");
        JsonNode health = rows.get("health");
        assertThat(health.get("faulty").asLong()).isEqualTo(4);
        assertThat(health.get("faultyRemoved").asLong()).as("out of every table").isEqualTo(4);
        assertThat(health.get("deaths").get("find_node-malformed").asLong()).isPositive();
        assertThat(health.get("deaths").get("value-lost").asLong()).isPositive();
        assertThat(rows.get("ping-only").get("faultyRemoved").asLong()).as("they answer pings").isZero();
    }
}
