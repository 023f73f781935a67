package io.cqkd.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP endpoint of a process (metrics, admin, Alice's key API): the JDK's server on one
 * daemon thread of its own, never on a node's event loop.
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;

    public HttpEndpoint(InetSocketAddress address, String threadName) throws IOException {
        server = HttpServer.create(address, 64);
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
    }

    public HttpEndpoint route(String path, HttpHandler handler) {
        server.createContext(path, handler);
        return this;
    }

    public HttpEndpoint start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    public static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
