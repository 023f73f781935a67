package io.cqkd.app.role;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.keygen.AliceService;
import io.cqkd.transport.sim.SimNetwork;
import io.cqkd.wire.NodeId;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Bad requests to Alice's key API get a clear error, never a crash. */
class AliceApiTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(int port, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/generate-key"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void badRequestsAreRefusedWithTheReason() throws Exception {
        SimNetwork sim = new SimNetwork(1);
        DhtNode node = DhtNode.start(sim, null, NodeId.random(new SplittableRandom(1)), DhtConfig.defaults()).join();
        try (AliceApi api = new AliceApi(new InetSocketAddress("127.0.0.1", 0), node, new AtomicReference<AliceService>())) {
            assertThat(post(api.port(), "not json").statusCode()).isEqualTo(400);
            HttpResponse<String> missing = post(api.port(), "{\"length\": 8}");
            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(missing.body()).contains("desired_key_length must be a whole number");
            HttpResponse<String> tooLong = post(api.port(), "{\"desired_key_length\": 100000}");
            assertThat(tooLong.statusCode()).isEqualTo(400);
            assertThat(tooLong.body()).contains("1 to 4096 bits");
            HttpResponse<String> noBob = post(api.port(), "{\"desired_key_length\": 8}");
            assertThat(noBob.statusCode()).isEqualTo(503);
            assertThat(noBob.body()).contains("BOB_NODE");
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + api.port() + "/network-status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.body()).contains("\"role\":\"alice\"").contains("\"bob_known\":false");
        }
    }
}
