package io.cqkd.keygen;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.async.Throttle;
import io.cqkd.wire.BDict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's lease flood: one socket asks every worker for five roles of five made-up runs, each
 * for an hour, as fast as it can. Each worker grants it at most its per-requester share, for at
 * most five minutes, and Alice's next key is made with the slots left.
 */
class LeaseFloodTest {
    @Test
    void oneRequesterFloodingRoleRequestsDoesNotStopAlicesNextKey() {
        KeygenNetwork net = new KeygenNetwork(3000, 21);
        DhtNode attacker = net.workers.get(0);
        List<DhtNode> targets = net.workers.subList(1, net.workers.size());
        List<CompletableFuture<BDict>> requests = new ArrayList<>();
        Throttle window = new Throttle(256); // the attacker's node has a bound on calls in flight; a window fills it
        for (int run = 0; run < 5; run++) {
            byte[] pid = new byte[16];
            pid[0] = (byte) run;
            for (DhtNode worker : targets) {
                BDict request = BDict.builder().put("pid", pid).put("role", Role.QSG.name()).put("lease", 3600).build();
                requests.add(window.submit(() -> attacker.query(worker.contact(), Methods.ROLE_REQUEST, request))
                        .exceptionally(e -> null));
            }
        }
        net.await(CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)));
        long granted = requests.stream().map(CompletableFuture::join)
                .filter(r -> r != null && r.requireInt("accept") == 1).count();
        long longest = requests.stream().map(CompletableFuture::join)
                .filter(r -> r != null && r.requireInt("accept") == 1).mapToLong(r -> r.requireInt("lease")).max().orElse(0);
        assertThat(requests.stream().filter(f -> f.join() != null)).as("every request answered").hasSize(5 * targets.size());
        assertThat(granted).as("at most two leases per worker for one requester").isLessThanOrEqualTo(2L * targets.size())
                .isPositive();
        assertThat(longest).as("lease seconds granted, whatever was asked").isLessThanOrEqualTo(300);

        KeyResult r = net.generate(KeygenOptions.of(64).withDeadline(Duration.ofMinutes(2)));
        assertThat(r.aborted()).as(r.abortReason()).isFalse();
        assertThat(net.bobKey(r)).isEqualTo(r.aliceKey()).hasSize(64);
        assertThat(net.workerServices.stream().mapToLong(WorkerService::limitedRequests).sum())
                .as("requests refused for the requester's share").isPositive();
    }
}
