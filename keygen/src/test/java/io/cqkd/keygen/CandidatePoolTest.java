package io.cqkd.keygen;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.discovery.Discovery;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The candidates one run may offer a role to: a fresh run never offers one to the lost run's silent workers. */
class CandidatePoolTest {
    private final SplittableRandom random = new SplittableRandom(7);
    private final List<Contact> network = new ArrayList<>();

    CandidatePoolTest() {
        for (int i = 0; i < 20; i++) {
            network.add(new Contact(NodeId.random(random), new InetSocketAddress("127.0.0.1", 7000 + i)));
        }
    }

    /** A discovery that knows the whole network but, like a real one, honours the caller's exclusions only if it wants to. */
    private Discovery discoveryIgnoringExclusions() {
        return (needed, wanted, exclude) -> CompletableFuture.completedFuture(new Discovery.Found(network, true));
    }

    @Test
    void excludedNodesAreNeverCandidatesEvenWhenTheDiscoveryReturnsThem() {
        Set<NodeId> silent = Set.of(network.get(3).id(), network.get(11).id());
        CandidatePool pool = new CandidatePool(discoveryIgnoringExclusions(), silent);

        pool.fill(network.size(), network.size(), 1, () -> false, () -> CompletableFuture.completedFuture(null)).join();

        List<Contact> offered = new ArrayList<>();
        for (Contact c = pool.poll(); c != null; c = pool.poll()) {
            offered.add(c);
        }
        assertThat(offered).hasSize(network.size() - 2).doesNotContain(network.get(3), network.get(11));
    }

    @Test
    void theExclusionsReachTheDiscoverySoThatItNeedNotFindThemAgain() {
        Set<NodeId> silent = Set.of(network.get(5).id());
        List<Boolean> asked = new ArrayList<>();
        Discovery recording = (needed, wanted, exclude) -> {
            asked.add(exclude.test(network.get(5).id()));
            asked.add(exclude.test(network.get(6).id()));
            return CompletableFuture.completedFuture(new Discovery.Found(List.of(), true));
        };
        new CandidatePool(recording, silent).fill(1, 1, 1, () -> false, () -> CompletableFuture.completedFuture(null)).join();

        assertThat(asked).containsExactly(true, false);
    }
}
