package io.cqkd.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** `cqkd config`: bad settings stop start-up with exit code 2 and one line; --print shows sources. */
class ConfigCommandTest {

    private record Run(int exit, String out, String err) {}

    private static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(env);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "DHT_PORT|abc", "FALLBACK_K|0", "BOOTSTRAP_NODES|no-port-here", "BOOTSTRAP_LEVEL|mega",
        "ENABLE_DYNAMIC_PORTS|maybe", "FALLBACK_TIMEOUT|-2", "METRICS_PORT|99999", "LOG_FORMAT|xml",
        "HEALTH_CHECK_LEVEL|extreme", "REGION|bad region", "MAX_CONNECTIONS|zero", "FALLBACK_ALPHA|100",
    })
    void aBadEnvironmentValueExitsWithCode2AndOneLineNamingIt(String name, String value) {
        Run r = run(Map.of(name, value), "config");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("cqkd: invalid setting " + name + "=\"" + value + "\": expected");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "REFRESH_INTERVAL_MIN|700|REFRESH_INTERVAL_MAX",
        "REFRESH_LARGE_NETWORK|100|REFRESH_LARGE_NETWORK",
        "HEALTH_SUSPICION_MIN|20|HEALTH_SUSPICION_MAX",
    })
    void settingsThatContradictEachOtherAreRefusedByConfigAsAtStart(String name, String value, String named) {
        Run r = run(Map.of(name, value), "config");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("cqkd: invalid setting " + named);
    }

    @Test
    void anAdminEndpointOtherHostsCanReachNeedsAnExplicitTokenAndTheTokenIsNeverPrinted() {
        Run open = run(Map.of("ADMIN_BIND", "0.0.0.0"), "config");
        assertThat(open.exit()).isEqualTo(2);
        assertThat(open.err().strip().lines()).hasSize(1);
        assertThat(open.err()).startsWith("cqkd: invalid setting ADMIN_BIND=\"0.0.0.0\"").contains("ADMIN_TOKEN");
        Run withToken = run(Map.of("ADMIN_BIND", "0.0.0.0", "ADMIN_TOKEN", "s3cret-token-0123456789"), "config", "--print",
                "--json");
        assertThat(withToken.exit()).isZero();
        assertThat(withToken.out()).doesNotContain("s3cret").contains("(set, not shown)");
        assertThat(run(Map.of("ADMIN_TOKEN", "short"), "config").exit()).as("a token too short to be secret").isEqualTo(2);
    }

    @Test
    void aNetworkKeyIsNeverPrintedAndAcceptedKeysNeedOne() {
        String key = "ab".repeat(32);
        Run print = run(Map.of("NETWORK_KEY", key, "NETWORK_KEYS_ACCEPTED", "cd".repeat(32)), "config", "--print");
        assertThat(print.exit()).isZero();
        assertThat(print.out()).doesNotContain(key).doesNotContain("cd".repeat(32)).contains("(set, not shown)");
        Run orphan = run(Map.of("NETWORK_KEYS_ACCEPTED", "cd".repeat(32)), "config");
        assertThat(orphan.exit()).isEqualTo(2);
        assertThat(orphan.err().strip().lines()).hasSize(1);
        assertThat(orphan.err()).contains("NETWORK_KEYS_ACCEPTED").contains("NETWORK_KEY");
        assertThat(run(Map.of("NETWORK_KEY", "abc"), "config").exit()).isEqualTo(2);
    }

    @Test
    void aBadFlagValueExitsWithCode2Too() {
        Run r = run(Map.of(), "config", "--dht-port", "abc");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("DHT_PORT=\"abc\"");
    }

    @Test
    void printShowsEachValueWithItsSourceAndWhatIsInForce() {
        Run r = run(Map.of("FALLBACK_K", "8", "DHT_PORT", "7100"), "config", "--print", "--dht-port", "7200");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).containsPattern("DHT_PORT\\s+7200\\s+flag");
        assertThat(r.out()).containsPattern("FALLBACK_K\\s+8\\s+environment");
        assertThat(r.out()).containsPattern("FALLBACK_ALPHA\\s+3\\s+default");
        assertThat(r.out()).containsPattern("port\\s+7200");
    }

    @Test
    void printSaysPlainlyWhichPhasesRunTheirFallbackAndWhichSettingsNothingReads() throws Exception {
        Run text = run(Map.of(), "config", "--print");
        assertThat(text.out()).containsPattern("phase 1 DYNAMIC_PORTS\\s+active");
        assertThat(text.out()).containsPattern("phase 3 ADAPTIVE_KADEMLIA\\s+active");
        assertThat(text.out()).containsPattern("phase 5 ADAPTIVE_REFRESH\\s+active");
        Run off = run(Map.of("ENABLE_ADAPTIVE_REFRESH", "false"), "config", "--print");
        assertThat(off.out()).containsPattern("phase 5 ADAPTIVE_REFRESH\\s+.*fixed FALLBACK_REFRESH_INTERVAL");
        assertThat(text.out()).containsPattern("phase 4 HEALTH_CHECK\\s+active");
        assertThat(text.out()).as("every phase is in this build: every setting is read").doesNotContain("NOT READ");

        Run json = run(Map.of(), "config", "--print", "--json");
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertThat(root.path("features").path("HEALTH_CHECK").path("enabled").asBoolean()).isTrue();
        assertThat(root.path("features").path("HEALTH_CHECK").path("available").asBoolean()).isTrue();
        assertThat(root.path("features").path("HEALTH_CHECK").path("active").asBoolean()).isTrue();
        assertThat(root.path("features").path("ADAPTIVE_REFRESH").path("available").asBoolean()).isTrue();
        assertThat(root.path("features").path("ADAPTIVE_REFRESH").path("active").asBoolean()).isTrue();
        assertThat(root.path("settings").path("HEALTH_CHECK_LEVEL").path("read").asBoolean()).isTrue();
        assertThat(root.path("settings").path("FALLBACK_K").path("read").asBoolean()).isTrue();
    }

    @Test
    void theRealProcessExitsWithCode2() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "config").redirectErrorStream(true);
        builder.environment().put("DHT_PORT", "abc");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output.strip()).isEqualTo(
                "cqkd: invalid setting DHT_PORT=\"abc\": expected a UDP port number from 1 to 65535");
    }
}
