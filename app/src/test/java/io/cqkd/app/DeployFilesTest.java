package io.cqkd.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cqkd.app.metrics.MetricsServer;
import io.cqkd.app.metrics.ProcessMetrics;
import io.cqkd.phases.Phases;
import io.cqkd.phases.ProcessContext;
import io.cqkd.phases.ProcessRole;
import io.cqkd.transport.UdpTransport;
import java.util.SplittableRandom;
import io.cqkd.settings.Setting;
import io.cqkd.settings.SettingNames;
import io.cqkd.settings.Settings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The files under deploy/ must agree with the code: metric names, settings, manifest syntax. */
class DeployFilesTest {
    private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
    private static final Pattern METRIC = Pattern.compile("\\bcqkd_[a-z0-9_]+");

    /** Every metric family name /metrics serves, with the suffixes PromQL uses for each type. */
    private static Set<String> servedMetricNames() throws Exception {
        ProcessMetrics metrics = new ProcessMetrics(ProcessRole.WORKER, Settings.defaults(), List::of);
        try (UdpTransport transport = new UdpTransport()) {
            // As a role process does: every phase module registers its own metrics in the registry.
            Phases.of(new ProcessContext(ProcessRole.WORKER, Settings.defaults(), metrics.flags(), metrics.registry(),
                    transport, new SplittableRandom(1), System::nanoTime));
        }
        try (MetricsServer server = new MetricsServer(new InetSocketAddress("127.0.0.1", 0), metrics.registry(), () -> true)) {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Set<String> names = new TreeSet<>();
            for (String line : body.split("\n")) {
                if (line.startsWith("# TYPE ")) {
                    String[] parts = line.split(" ");
                    names.add(parts[2]);
                    if (parts[3].equals("histogram")) {
                        names.addAll(List.of(parts[2] + "_bucket", parts[2] + "_sum", parts[2] + "_count"));
                    }
                }
            }
            return names;
        }
    }

    private static Set<String> namedIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    @Test
    void everyMetricThatTheDashboardAndTheAlertsNameIsServed() throws Exception {
        Set<String> served = servedMetricNames();
        assertThat(served).contains("cqkd_rpc_sent_total", "cqkd_rpc_latency_seconds_bucket", "cqkd_nodes");
        JsonNode dashboard = new ObjectMapper().readTree(DEPLOY.resolve("grafana/dashboards/cqkd.json").toFile());
        int panelsWithQueries = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Set<String> named = namedIn(target.path("expr").asText());
                assertThat(served).as("panel '%s' names %s", panel.path("title").asText(), named).containsAll(named);
                panelsWithQueries++;
            }
        }
        assertThat(panelsWithQueries).isPositive();
        String alerts = Files.readString(DEPLOY.resolve("prometheus/alerts.yml"));
        Set<String> inAlerts = namedIn(alerts);
        assertThat(inAlerts).isNotEmpty();
        assertThat(served).as("metrics named by alert rules").containsAll(inAlerts);
    }

    @Test
    void theDashboardHasAPanelRowPerPhase() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DEPLOY.resolve("grafana/dashboards/cqkd.json").toFile());
        List<String> rows = new java.util.ArrayList<>();
        dashboard.get("panels").forEach(panel -> {
            if (panel.path("type").asText().equals("row")) {
                rows.add(panel.path("title").asText());
            }
        });
        for (int phase = 0; phase <= 5; phase++) {
            int p = phase;
            assertThat(rows).anyMatch(t -> t.startsWith("Phase " + p + " "));
        }
    }

    @Test
    void kubernetesManifestsParseAndTheirSettingsAreValid() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Set<String> knownKinds = Set.of("Namespace", "Service", "StatefulSet", "Deployment");
        Set<String> settingNames = SettingNames.ALL.stream().map(Setting::env).collect(Collectors.toSet());
        int documents = 0;
        try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
            for (Path file : files.sorted().toList()) {
                try (MappingIterator<JsonNode> docs = yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
                    while (docs.hasNext()) {
                        JsonNode doc = docs.next();
                        documents++;
                        assertThat(doc.path("apiVersion").asText()).as(file + " apiVersion").isNotEmpty();
                        assertThat(knownKinds).as(file + " kind").contains(doc.path("kind").asText());
                        assertThat(doc.path("metadata").path("name").asText()).as(file + " name").isNotEmpty();
                        for (JsonNode container : doc.path("spec").path("template").path("spec").path("containers")) {
                            Map<String, String> env = new HashMap<>();
                            container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
                            assertThat(settingNames).as(file + " env names").containsAll(env.keySet());
                            Settings.load(env, Map.of()); // throws on any value the processes would refuse
                        }
                    }
                }
            }
        }
        assertThat(documents).isGreaterThanOrEqualTo(7);
    }

    @Test
    void promtoolAcceptsThePrometheusConfigAndRules() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")),
                "promtool is not installed here (.ci/run installs Debian's prometheus package)");
        assertThat(run("promtool", "check", "config", DEPLOY.resolve("prometheus/prometheus.yml").toString()))
                .contains("SUCCESS");
        Path alerts = DEPLOY.resolve("prometheus/alerts.yml");
        long written = Files.readAllLines(alerts).stream().filter(l -> l.trim().startsWith("- alert:")).count();
        assertThat(written).isGreaterThanOrEqualTo(7);
        assertThat(run("promtool", "check", "rules", alerts.toString()))
                .as("promtool reads every rule written").contains("SUCCESS: " + written + " rules found");
    }

    @Test
    void kubectlParsesEveryManifest(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/kubectl")), "kubectl is not installed here");
        try (KubectlDiscoveryStub api = new KubectlDiscoveryStub()) {
            String out = kubectlDryRun(api, DEPLOY.resolve("k8s"), 0);
            assertThat(out).contains("namespace/cqkd created (dry run)",
                    "statefulset.apps/cqkd-bootstrap created (dry run)", "deployment.apps/cqkd-worker created (dry run)",
                    "service/cqkd-metrics created (dry run)");
            // The same check refuses a broken manifest.
            Files.writeString(dir.resolve("broken.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata: [oops\n");
            kubectlDryRun(api, dir, 1);
        }
    }

    private static String kubectlDryRun(KubectlDiscoveryStub api, Path manifests, int expectedExit) throws Exception {
        Process p = new ProcessBuilder("kubectl", "apply", "--dry-run=client", "--validate=false",
                "--server=" + api.url(), "-f", manifests.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(expectedExit);
        return out;
    }

    @Test
    void theRollbackScriptTurnsAPhaseOffAndOnAgainInTheComposeEnvironment(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path script = DEPLOY.resolveSibling("scripts").resolve("rollback.sh");
        Path env = dir.resolve(".env");
        String out = run("bash", script.toString(), "1", "--dry-run", "--env-file", env.toString());
        assertThat(Files.readString(env)).isEqualTo("ENABLE_DYNAMIC_PORTS=false\n");
        assertThat(out).contains("would run: docker compose").contains("--force-recreate");
        run("bash", script.toString(), "1", "--undo", "--dry-run", "--env-file", env.toString());
        assertThat(Files.readString(env)).isEqualTo("ENABLE_DYNAMIC_PORTS=true\n");
        // The env file holds what the containers start with: it must be a valid setting.
        Settings.load(Map.of("ENABLE_DYNAMIC_PORTS", "true"), Map.of());
        Process bad = new ProcessBuilder("bash", script.toString(), "9", "--dry-run", "--env-file", env.toString())
                .redirectErrorStream(true).start();
        String badOut = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bad.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(2);
        assertThat(badOut).contains("phase must be 1 to 5");
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    /** The image builds the app from every module it needs: one left out fails the build (issue 17). */
    @Test
    void theDockerfileCopiesEveryModuleOfTheBuild() throws Exception {
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
        String pom = Files.readString(DEPLOY.resolveSibling("pom.xml"));
        java.util.regex.Matcher module = Pattern.compile("<module>([a-z]+)</module>").matcher(pom);
        int modules = 0;
        while (module.find()) {
            modules++;
            String name = module.group(1);
            assertThat(dockerfile).as(name).containsAnyOf("COPY " + name + " " + name, "COPY " + name + "/pom.xml");
        }
        assertThat(modules).isGreaterThanOrEqualTo(8);
    }
}
