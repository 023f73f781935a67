package io.cqkd.app.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cqkd.settings.Feature;
import io.cqkd.settings.InvalidSettingException;
import io.cqkd.settings.Settings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The admin endpoint, bound to 127.0.0.1 by default: {@code GET /flags} lists the feature flags in
 * force; {@code PUT /flags/<ENV_NAME>} with body {@code true} or {@code false} flips one at run time
 * (the same values the environment variable accepts).
 */
public final class AdminServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final RuntimeFlags flags;
    private final ObjectMapper json = new ObjectMapper();

    public AdminServer(InetSocketAddress address, RuntimeFlags flags) throws IOException {
        this.flags = flags;
        server = HttpServer.create(address, 16);
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "admin-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/flags", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/flags") || path.equals("/flags/")) {
            if (!method.equals("GET")) {
                send(exchange, 405, Map.of("error", "use GET /flags or PUT /flags/<name>"));
                return;
            }
            send(exchange, 200, state());
            return;
        }
        String name = path.substring("/flags/".length());
        Feature feature = null;
        for (Feature f : Feature.values()) {
            if (f.flag().env().equals(name)) {
                feature = f;
            }
        }
        if (feature == null) {
            send(exchange, 404, Map.of("error", "unknown flag " + name));
            return;
        }
        if (!method.equals("PUT")) {
            send(exchange, 405, Map.of("error", "use PUT /flags/" + name + " with body true or false"));
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            boolean value = Settings.load(Map.of(name, body), Map.of()).enabled(feature);
            boolean previous = flags.set(feature, value, "admin");
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("flag", name);
            answer.put("previous", previous);
            answer.put("enabled", value);
            answer.put("active", flags.active(feature));
            answer.put("fallback", flags.active(feature) ? null : feature.fallback());
            send(exchange, 200, answer);
        } catch (InvalidSettingException e) {
            send(exchange, 400, Map.of("error", e.getMessage()));
        }
    }

    private Map<String, Object> state() {
        Map<String, Object> out = new LinkedHashMap<>();
        flags.snapshot().forEach((f, on) -> out.put(f.flag().env(), Map.of("phase", f.phase(), "enabled", on,
                "available", f.implemented(), "active", flags.active(f), "fallback", f.fallback())));
        return out;
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
