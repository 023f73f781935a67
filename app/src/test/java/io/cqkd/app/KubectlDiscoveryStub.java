package io.cqkd.app;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Just enough of a Kubernetes API server for {@code kubectl apply --dry-run=client}: kubectl maps
 * each manifest's kind to a resource through the server's discovery documents even in a client
 * dry run. This stub serves discovery for the kinds deploy/k8s uses (core v1 Namespace and
 * Service, apps/v1 Deployment and StatefulSet) and answers 404 to everything else, so every object
 * counts as new. kubectl still parses and maps every manifest itself.
 */
final class KubectlDiscoveryStub implements AutoCloseable {
    private static final Map<String, String> DOCUMENTS = Map.of(
            "/api", """
                    {"kind":"APIVersions","versions":["v1"],
                     "serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1"}]}""",
            "/apis", """
                    {"kind":"APIGroupList","apiVersion":"v1","groups":[{"name":"apps",
                     "versions":[{"groupVersion":"apps/v1","version":"v1"}],
                     "preferredVersion":{"groupVersion":"apps/v1","version":"v1"}}]}""",
            "/api/v1", """
                    {"kind":"APIResourceList","groupVersion":"v1","resources":[
                     {"name":"namespaces","singularName":"","namespaced":false,"kind":"Namespace","verbs":["create","get","patch"]},
                     {"name":"services","singularName":"","namespaced":true,"kind":"Service","verbs":["create","get","patch"]}]}""",
            "/apis/apps/v1", """
                    {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"apps/v1","resources":[
                     {"name":"deployments","singularName":"","namespaced":true,"kind":"Deployment","verbs":["create","get","patch"]},
                     {"name":"statefulsets","singularName":"","namespaced":true,"kind":"StatefulSet","verbs":["create","get","patch"]}]}""");
    private static final String NOT_FOUND =
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}";

    private final HttpServer server;

    KubectlDiscoveryStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", exchange -> {
            String document = DOCUMENTS.get(exchange.getRequestURI().getPath());
            byte[] body = (document != null ? document : NOT_FOUND).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(document != null ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
