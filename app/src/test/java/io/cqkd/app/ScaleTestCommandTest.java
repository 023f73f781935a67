package io.cqkd.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The scale-test command line is a contract: its options and JSON field names must not drift. */
class ScaleTestCommandTest {

    /** Runs the command line as a user would and returns what it wrote through picocli's writer. */
    private static String runCli(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        int exit = cli.execute(args);
        assertThat(exit).isZero();
        return out.toString();
    }

    @Test
    void lookupScenarioPrintsTheDocumentedJsonFields() throws Exception {
        String out = runCli("scale-test", "lookup", "--mode", "sim", "--workers", "60", "--lookups", "50",
                "--seed", "3", "--json");
        JsonNode json = new ObjectMapper().readTree(out);
        for (String field : new String[] {"scenario", "mode", "workers", "lookups", "found", "meanHops", "p99Hops",
                "bootstrapMillis", "wallMillis", "heapBytes"}) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        assertThat(json.get("scenario").asText()).isEqualTo("lookup");
        assertThat(json.get("mode").asText()).isEqualTo("sim");
        assertThat(json.get("workers").asInt()).isEqualTo(60);
        assertThat(json.get("found").asInt()).isEqualTo(50);
    }

    @Test
    void sameSeedGivesTheSameSimulatedFigures() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode first = mapper.readTree(runCli("scale-test", "lookup", "--workers", "40", "--lookups", "30",
                "--seed", "9", "--json"));
        JsonNode second = mapper.readTree(runCli("scale-test", "lookup", "--workers", "40", "--lookups", "30",
                "--seed", "9", "--json"));
        assertThat(second.get("bootstrapMillis")).isEqualTo(first.get("bootstrapMillis"));
        assertThat(second.get("meanHops")).isEqualTo(first.get("meanHops"));
        assertThat(second.get("extra").get("packetsSent")).isEqualTo(first.get("extra").get("packetsSent"));
    }

    @Test
    void portsScenarioFillsTheRangeAndReportsTheRestAsExhaustedWithoutConflicts() throws Exception {
        JsonNode json = new ObjectMapper().readTree(runCli("scale-test", "ports", "--workers", "60", "--occupied", "10",
                "--port-range", "28000-28049", "--json"));
        assertThat(json.get("scenario").asText()).isEqualTo("ports");
        assertThat(json.get("allocated").asInt()).isEqualTo(40);
        assertThat(json.get("failed").asInt()).isEqualTo(20);
        assertThat(json.get("failures").get("exhausted").asInt()).isEqualTo(20);
        assertThat(json.get("conflicts").asInt()).isZero();
        assertThat(json.has("allocationP99Micros")).isTrue();
    }

    @Test
    void tiersScenarioReportsJoinsLoadAndFailovers() throws Exception {
        JsonNode json = new ObjectMapper().readTree(runCli("scale-test", "tiers", "--workers", "120",
                "--kill-bootstrap", "1", "--json"));
        for (String field : new String[] {"joined", "failed", "joinMillis", "maxOverMeanLoad", "failovers", "promotions"}) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        assertThat(json.get("joined").asInt()).isEqualTo(120);
        assertThat(json.get("failed").asInt()).isZero();
        assertThat(json.get("maxOverMeanLoad").asDouble()).isLessThanOrEqualTo(1.5);
    }

    @Test
    void badOptionValuesAreRefusedWithTheOptionName() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("scale-test", "lookup", "--loss", "1.5");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--loss");
    }
}
