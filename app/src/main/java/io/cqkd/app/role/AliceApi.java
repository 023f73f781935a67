package io.cqkd.app.role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.cqkd.app.http.HttpEndpoint;
import io.cqkd.dht.DhtNode;
import io.cqkd.keygen.AliceService;
import io.cqkd.keygen.KeyResult;
import io.cqkd.keygen.KeygenException;
import io.cqkd.keygen.KeygenOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Alice's HTTP interface, as the earlier system had it: {@code POST /generate-key} with
 * {@code {"desired_key_length": L}} generates a key with Bob; {@code GET /network-status} describes
 * Alice's node. Requests are served one at a time on a thread of their own, never on a node loop.
 */
final class AliceApi implements AutoCloseable {
    private final HttpEndpoint http;
    private final DhtNode node;
    private final AtomicReference<AliceService> alice;
    private final ObjectMapper json = new ObjectMapper();

    AliceApi(InetSocketAddress address, DhtNode node, AtomicReference<AliceService> alice) throws IOException {
        this.node = node;
        this.alice = alice;
        http = new HttpEndpoint(address, "alice-api").route("/generate-key", this::generateKey)
                .route("/network-status", this::networkStatus).start();
    }

    int port() {
        return http.port();
    }

    private void generateKey(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            send(exchange, 405, Map.of("error", "use POST /generate-key with {\"desired_key_length\": L}"));
            return;
        }
        int bits;
        try {
            JsonNode body = json.readTree(exchange.getRequestBody());
            JsonNode length = body == null ? null : body.get("desired_key_length");
            if (length == null || !length.canConvertToInt()) {
                throw new IllegalArgumentException("desired_key_length must be a whole number");
            }
            bits = length.asInt();
            KeygenOptions.of(bits); // validates the range
        } catch (IOException | IllegalArgumentException e) {
            send(exchange, 400, Map.of("error", e instanceof IOException ? "body is not JSON" : e.getMessage()));
            return;
        }
        AliceService service = alice.get();
        if (service == null) {
            send(exchange, 503, Map.of("error", "Bob's node has not answered yet (BOB_NODE)"));
            return;
        }
        KeygenOptions options = KeygenOptions.of(bits);
        try {
            KeyResult r = service.generate(options).get(options.deadline().toSeconds() + 30, TimeUnit.SECONDS);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("key", r.aborted() ? null : r.keyHex());
            out.put("key_length", r.aborted() ? 0 : r.keyBits());
            out.put("error_rate", r.qber());
            out.put("aborted", r.aborted());
            out.put("abort_reason", r.abortReason());
            out.put("workers_used", r.workers());
            out.put("operations", r.operations());
            out.put("duration_ms", r.durationNanos() / 1_000_000);
            out.put("restarts", r.restarts());
            if (r.disclosure() != null) {
                out.put("reconciled_bits", r.disclosure().reconciledBits());
                out.put("disclosed_bits", r.disclosure().disclosedBits());
                out.put("margin_bits", r.disclosure().marginBits());
            }
            send(exchange, 200, out);
        } catch (ExecutionException e) {
            String why = e.getCause() instanceof KeygenException k ? k.getMessage() : String.valueOf(e.getCause());
            send(exchange, 503, Map.of("error", why));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(exchange, 503, Map.of("error", "interrupted"));
        } catch (java.util.concurrent.TimeoutException e) {
            send(exchange, 503, Map.of("error", "no result within the deadline"));
        }
    }

    private void networkStatus(HttpExchange exchange) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("role", "alice");
        out.put("node_id", node.id().toHex());
        out.put("address", node.address().getPort());
        out.put("bootstrapped", node.ready().isDone());
        out.put("routing_table_size", node.routingTableSizeSnapshot());
        out.put("bob_known", alice.get() != null);
        send(exchange, 200, out);
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        HttpEndpoint.sendJson(exchange, status, body);
    }

    @Override
    public void close() {
        http.close();
    }
}
