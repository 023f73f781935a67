package io.cqkd.app;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A bootstrap node and two workers as separate JVM processes on 127.0.0.1, as an operator runs them:
 * each with its own UDP, metrics and admin ports, each stopped by its PID when the test is done.
 */
final class RoleNetwork implements AutoCloseable {
    /** Every role's admin token (else each would make a token file in the temp directory). */
    static final String ADMIN_TOKEN = "role-network-admin-token";
    final List<Process> roles = new ArrayList<>();
    final List<Path> logs = new ArrayList<>();
    final List<Integer> metricsPorts = new ArrayList<>();
    final List<Integer> adminPorts = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static RoleNetwork start() throws IOException {
        RoleNetwork net = new RoleNetwork();
        try {
            int bootstrapPort = freeUdpPort();
            net.start("bootstrap", Map.of("BOOTSTRAP_NODES", "", "DHT_PORT", String.valueOf(bootstrapPort)));
            for (int i = 0; i < 2; i++) {
                // A table whose k differs from the fallback's 20: which one is in force shows in the metrics.
                net.start("worker", Map.of("BOOTSTRAP_NODES", "127.0.0.1:" + bootstrapPort, "DHT_PORT",
                        String.valueOf(freeUdpPort()), "KADEMLIA_TABLE", "50:3:30:5,max:8:40:20"));
            }
            return net;
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /**
     * A bootstrap node, a worker process of one node, and a worker process of {@code count} nodes
     * (on ports of a range of their own).
     */
    static RoleNetwork startWithWorkerProcess(int count) throws IOException {
        RoleNetwork net = new RoleNetwork();
        try {
            int bootstrapPort = freeUdpPort();
            String seed = "127.0.0.1:" + bootstrapPort;
            net.start("bootstrap", Map.of("BOOTSTRAP_NODES", "", "DHT_PORT", String.valueOf(bootstrapPort)));
            net.start("worker", Map.of("BOOTSTRAP_NODES", seed, "DHT_PORT", String.valueOf(freeUdpPort())));
            int first = freeUdpPort();
            net.start("worker", Map.of("BOOTSTRAP_NODES", seed, "DHT_PORT", String.valueOf(first),
                    "PORT_RANGE", first + "-" + Math.min(65535, first + 3 * count)), "--count", String.valueOf(count));
            return net;
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /** Starts one more role process with {@code env}; its index in {@link #roles}. */
    int start(String role, Map<String, String> env, String... arguments) throws IOException {
        int metricsPort = freeTcpPort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createTempFile(role + "-", ".log");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), role));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("METRICS_PORT", String.valueOf(metricsPort));
        int adminPort = freeTcpPort();
        builder.environment().put("ADMIN_PORT", String.valueOf(adminPort));
        builder.environment().putIfAbsent("ADMIN_TOKEN", ADMIN_TOKEN);
        roles.add(builder.start());
        logs.add(log);
        metricsPorts.add(metricsPort);
        adminPorts.add(adminPort);
        return roles.size() - 1;
    }

    /** Waits until role {@code index} answers 200 on /ready. */
    void awaitReady(int index) {
        int port = metricsPorts.get(index);
        await().atMost(Duration.ofSeconds(60)).until(() -> status("http://127.0.0.1:" + port + "/ready") == 200);
    }

    /** PUT {@code body} to {@code url}; the answer's status and body. */
    HttpResponse<String> put(String url, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The log of role {@code index} once it holds {@code line}: a role is ready (its node's join
     * completed) a moment before the line that reports the join is written.
     */
    String awaitLog(int index, String line) {
        Path log = logs.get(index);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains(line));
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until every role answers 200 on /ready. */
    void awaitReady() {
        for (int port : metricsPorts) {
            await().atMost(Duration.ofSeconds(60)).until(() -> status("http://127.0.0.1:" + port + "/ready") == 200);
        }
    }

    int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String body(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Kills every process still running, by its PID. */
    @Override
    public void close() {
        roles.forEach(p -> ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly));
    }
}
