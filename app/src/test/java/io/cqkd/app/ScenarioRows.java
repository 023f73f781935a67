package io.cqkd.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code cqkd scale-test <scenario> ... --json} as a user does, and gives its rows by their key field. */
final class ScenarioRows {
    private ScenarioRows() {
    }

    static Map<String, JsonNode> run(String scenario, String rowKey, String... arguments) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute(arguments)).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(report.get("scenario").asText()).isEqualTo(scenario);
        Map<String, JsonNode> rows = new HashMap<>();
        report.get("rows").forEach(r -> rows.put(r.get(rowKey).asText(), r));
        return rows;
    }
}
