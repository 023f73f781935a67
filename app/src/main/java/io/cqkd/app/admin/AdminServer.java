package io.cqkd.app.admin;

import com.sun.net.httpserver.HttpExchange;
import io.cqkd.app.http.HttpEndpoint;
import io.cqkd.phases.RuntimeFlags;
import io.cqkd.settings.Feature;
import io.cqkd.settings.InvalidSettingException;
import io.cqkd.settings.Settings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The admin endpoint, bound to 127.0.0.1 by default: {@code GET /flags} lists the feature flags in
 * force; {@code PUT /flags/<ENV_NAME>} with body {@code true} or {@code false} flips one at run time
 * (the same values the environment variable accepts). A change must carry the {@link AdminToken}
 * ({@code Authorization: Bearer <token>}); without it the answer is 401 and nothing changes.
 */
public final class AdminServer implements AutoCloseable {
    private final HttpEndpoint http;
    private final RuntimeFlags flags;
    private final AdminToken token;

    public AdminServer(InetSocketAddress address, RuntimeFlags flags, AdminToken token) throws IOException {
        this.flags = flags;
        this.token = token;
        http = new HttpEndpoint(address, "admin-http").route("/flags", this::handle).start();
    }

    public int port() {
        return http.port();
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
        if (!token.admits(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            send(exchange, 401, Map.of("error", "a change needs the admin token: Authorization: Bearer <token> (from "
                    + token.source() + ")"));
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

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        HttpEndpoint.sendJson(exchange, status, body);
    }

    @Override
    public void close() {
        http.close();
    }
}
