package io.cqkd.app.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The process's HTTP endpoint on METRICS_PORT: {@code /metrics} (Prometheus text format),
 * {@code /health} (200 while the process lives) and {@code /ready} (200 once its nodes have joined,
 * 503 before). One small thread, apart from the nodes' event loops.
 */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    public MetricsServer(InetSocketAddress address, PrometheusRegistry registry, BooleanSupplier ready)
            throws IOException {
        server = HttpServer.create(address, 64);
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        PrometheusTextFormatWriter writer = new PrometheusTextFormatWriter(false);
        server.createContext("/metrics", exchange -> {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            writer.write(body, registry.scrape());
            respond(exchange, 200, PrometheusTextFormatWriter.CONTENT_TYPE, body.toByteArray());
        });
        server.createContext("/health", exchange -> respond(exchange, 200, "text/plain", bytes("ok\n")));
        server.createContext("/ready", exchange -> {
            boolean isReady = ready.getAsBoolean();
            respond(exchange, isReady ? 200 : 503, "text/plain", bytes(isReady ? "ready\n" : "not ready\n"));
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
