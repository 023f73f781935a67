package io.cqkd.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The main job, as a user runs it: an embedded network on 127.0.0.1 and one key. */
class DemoCommandTest {

    @Test
    void demoPrintsMatchingKeysOfTheRequestedLength() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        int exit = cli.execute("demo", "--key-bits", "12", "--json");
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(exit).isZero();
        for (String field : new String[] {"keyBits", "aliceKeyHex", "bobKeyHex", "match", "qber", "aborted", "workers",
                "operations", "networkMillis", "keygenMillis"}) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        assertThat(json.get("match").asBoolean()).isTrue();
        assertThat(json.get("aborted").asBoolean()).isFalse();
        assertThat(json.get("keyBits").asInt()).isEqualTo(12);
        assertThat(json.get("aliceKeyHex").asText()).hasSize(3).isEqualTo(json.get("bobKeyHex").asText());
    }
}
