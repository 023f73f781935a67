package io.cqkd.phases.adaptive;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.lookup.LookupPurpose;
import io.cqkd.dht.lookup.LookupShape;
import io.cqkd.settings.KademliaTable;
import io.cqkd.settings.SettingNames;
import io.cqkd.settings.Settings;
import io.cqkd.wire.NodeId;
import org.junit.jupiter.api.Test;

class AdaptiveLookupShapeTest {
    private final KademliaTable plan = Settings.defaults().get(SettingNames.KADEMLIA_TABLE);
    private final LookupShape.Shape fallback = new LookupShape.Shape(20, 3);

    @Test
    void alphaIsLog2OfTheSizeClampedToThreeAndTenThenLoweredByLoad() {
        assertThat(AdaptiveLookupShape.alphaFor(15, 0)).isEqualTo(4);
        assertThat(AdaptiveLookupShape.alphaFor(5, 0)).as("at least 3").isEqualTo(3);
        assertThat(AdaptiveLookupShape.alphaFor(1_000, 0)).isEqualTo(10);
        assertThat(AdaptiveLookupShape.alphaFor(100_000, 0)).as("at most 10").isEqualTo(10);
        assertThat(AdaptiveLookupShape.alphaFor(1_000, 0.5)).isEqualTo(5);
        assertThat(AdaptiveLookupShape.alphaFor(1_000, 1.0)).as("never below 1").isEqualTo(1);
    }

    @Test
    void widthComesFromThePlansTableAndTheLookupMovesOnAtAStall() {
        long[] size = {0};
        double[] load = {0};
        AdaptiveLookupShape shape = new AdaptiveLookupShape(() -> size[0], () -> load[0], plan, fallback, 8);
        assertThat(shape.shape(NodeId.zero(), LookupPurpose.FIND)).as("no estimate yet").isEqualTo(fallback);
        size[0] = 300;
        assertThat(shape.shape(NodeId.zero(), LookupPurpose.FIND)).isEqualTo(new LookupShape.Shape(35, 9, false, 18));
        size[0] = 5_000;
        load[0] = 0.5;
        assertThat(shape.shape(NodeId.zero(), LookupPurpose.SELF)).isEqualTo(new LookupShape.Shape(40, 5, false, 10));
        assertThat(shape.shape(NodeId.zero(), LookupPurpose.REFRESH)).as("refreshes stay narrow, one call at a time")
                .isEqualTo(new LookupShape.Shape(8, 1));
    }

    @Test
    void theTablePolicyIsThePlansTableAsItStands() {
        long[] size = {0};
        TableLookupShape shape = new TableLookupShape(() -> size[0], plan, 8);
        assertThat(shape.shape(NodeId.zero(), LookupPurpose.FIND)).isEqualTo(new LookupShape.Shape(20, 3));
        size[0] = 150;
        assertThat(shape.shape(NodeId.zero(), LookupPurpose.FIND)).isEqualTo(new LookupShape.Shape(25, 4));
        size[0] = 800;
        assertThat(shape.shape(NodeId.zero(), LookupPurpose.FIND)).isEqualTo(new LookupShape.Shape(40, 8));
        TableCallTiming timing = new TableCallTiming(() -> size[0], plan);
        assertThat(timing.timeout(null, "find_node")).isEqualTo(java.time.Duration.ofSeconds(20));
        assertThat(timing.stallTimeout(null, "find_node")).isEqualTo(java.time.Duration.ofSeconds(4));
    }
}
