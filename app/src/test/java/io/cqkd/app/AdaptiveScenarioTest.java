package io.cqkd.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Phase 3's acceptance, as a user runs it: {@code scale-test adaptive} in simulation over the wide-area
 * model with 5 % slow answerers (fixed seed), the three policies side by side.
 */
class AdaptiveScenarioTest {

    @Test
    void underWanWithSlowNodesAdaptiveAccusesFarFewerLiveNodesFindsEveryTargetAndIsFaster() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        int exit = cli.execute("scale-test", "adaptive", "--mode", "sim", "--workers", "1000", "--latency", "wan",
                "--slow-fraction", "0.05", "--lookups", "1000", "--json");
        assertThat(exit).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(report.get("scenario").asText()).isEqualTo("adaptive");
        Map<String, JsonNode> rows = new HashMap<>();
        report.get("rows").forEach(r -> rows.put(r.get("policy").asText(), r));
        assertThat(rows).containsOnlyKeys("fixed", "table", "adaptive");
        for (JsonNode row : rows.values()) {
            for (String field : new String[] {"lookups", "found", "timeouts", "falseTimeouts", "lookupMillisP50",
                "lookupMillisP95", "lookupMillisP99", "rpcsPerLookup", "discovery100Millis", "sizeEstimate",
                "sizeEstimateError"}) {
                assertThat(row.has(field)).as(field).isTrue();
            }
        }
        JsonNode fixed = rows.get("fixed");
        JsonNode adaptive = rows.get("adaptive");
        assertThat(fixed.get("falseTimeouts").asLong()).as("the fixed 5 s timeout accuses slow live nodes")
                .isPositive();
        assertThat(adaptive.get("falseTimeouts").asLong()).as("at least 80 % fewer false timeouts")
                .isLessThanOrEqualTo(fixed.get("falseTimeouts").asLong() / 5);
        assertThat(adaptive.get("found").asLong()).isEqualTo(adaptive.get("lookups").asLong());
        assertThat(adaptive.get("lookupMillisP95").asLong()).isLessThan(fixed.get("lookupMillisP95").asLong());
        assertThat(adaptive.get("sizeEstimateError").asDouble()).isLessThan(0.25);
    }
}
