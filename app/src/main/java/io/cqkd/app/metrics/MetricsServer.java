package io.cqkd.app.metrics;

import io.cqkd.app.http.HttpEndpoint;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The process's HTTP endpoint on METRICS_PORT: {@code /metrics} (Prometheus text format),
 * {@code /health} (200 while the process lives, with a JSON body: {@code "status": "ok"} and what
 * the phases add, such as the network size estimate) and {@code /ready} (200 once its nodes have
 * joined, 503 before). One small thread, apart from the nodes' event loops.
 */
public final class MetricsServer implements AutoCloseable {
    private final HttpEndpoint http;

    public MetricsServer(InetSocketAddress address, PrometheusRegistry registry, BooleanSupplier ready)
            throws IOException {
        this(address, registry, ready, Map::of);
    }

    public MetricsServer(InetSocketAddress address, PrometheusRegistry registry, BooleanSupplier ready,
                         Supplier<Map<String, Object>> health) throws IOException {
        PrometheusTextFormatWriter writer = new PrometheusTextFormatWriter(false);
        http = new HttpEndpoint(address, "metrics-http")
                .route("/metrics", exchange -> {
                    ByteArrayOutputStream body = new ByteArrayOutputStream();
                    writer.write(body, registry.scrape());
                    HttpEndpoint.send(exchange, 200, PrometheusTextFormatWriter.CONTENT_TYPE, body.toByteArray());
                })
                .route("/health", exchange -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("status", "ok");
                    body.putAll(health.get());
                    HttpEndpoint.sendJson(exchange, 200, body);
                })
                .route("/ready", exchange -> {
                    boolean isReady = ready.getAsBoolean();
                    HttpEndpoint.send(exchange, isReady ? 200 : 503, "text/plain",
                            bytes(isReady ? "ready\n" : "not ready\n"));
                })
                .start();
    }

    public int port() {
        return http.port();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        http.close();
    }
}
