package io.cqkd.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The main job, as a user runs it: an embedded network on 127.0.0.1 and one key. */
class DemoCommandTest {

    @Test
    void demoPrintsMatchingKeysOfTheRequestedLength() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.commandLine().execute("demo", "--key-bits", "12", "--json");
        } finally {
            System.setOut(original);
        }
        JsonNode json = new ObjectMapper().readTree(buffer.toString(StandardCharsets.UTF_8));
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
