package io.cqkd.phases.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.NodePolicies;
import io.cqkd.dht.routing.IpDiversity;
import io.cqkd.dht.routing.RoutingTable;
import io.cqkd.dht.routing.TableListener;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A bucket is refreshed only when nothing was heard from it within the interval in force. */
class AdaptiveRefreshPolicyTest {
    private static final long SECOND = 1_000_000_000L;
    private final SplittableRandom random = new SplittableRandom(5);
    private final NodeId self = NodeId.random(random);
    private final RoutingTable table = new RoutingTable(self, 8,
            () -> NodePolicies.defaults(DhtConfig.defaults()).liveness(), TableListener.NONE, IpDiversity.OFF);
    private Duration interval = Duration.ofSeconds(120);
    private final AdaptiveRefreshPolicy policy = new AdaptiveRefreshPolicy(() -> interval, 3);
    private int port = 7000;

    private void heardFrom(int bucket, long atNanos) {
        Contact c = new Contact(NodeId.randomInBucket(self, bucket, random), new InetSocketAddress("10.0.0.1", port++));
        table.onResponse(c, atNanos, 1_000_000);
    }

    @Test
    void onlyBucketsUnheardForTheIntervalAreDueTheNearestFirstAFewARound() {
        for (int b = 150; b < 160; b++) {
            heardFrom(b, 0);
        }
        heardFrom(153, 100 * SECOND);
        heardFrom(157, 100 * SECOND);
        assertThat(policy.due(table, 110 * SECOND)).as("nothing is 120 s old yet").isEmpty();
        assertThat(policy.due(table, 130 * SECOND)).containsExactly(150, 151);
        interval = Duration.ofSeconds(30);
        assertThat(policy.due(table, 131 * SECOND)).as("a shorter interval makes the recent ones due too")
                .containsExactly(150, 151);
    }

    @Test
    void aBucketHeardFromLatelyIsNotDueWhateverItsAge() {
        for (int b = 150; b < 160; b++) {
            heardFrom(b, 0);
            heardFrom(b, 200 * SECOND);
        }
        assertThat(policy.due(table, 250 * SECOND)).isEmpty();
        assertThat(policy.due(table, 321 * SECOND)).hasSize(AdaptiveRefreshPolicy.REFRESHES_PER_ROUND);
    }

    @Test
    void anEmptyTableHasNothingToRefresh() {
        assertThat(policy.due(table, 1_000 * SECOND)).isEmpty();
    }
}
