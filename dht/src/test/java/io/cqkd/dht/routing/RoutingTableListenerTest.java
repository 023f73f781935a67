package io.cqkd.dht.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What the table tells its listener, and what a liveness policy's verdict on a failure does. */
class RoutingTableListenerTest {
    private static final long QUESTIONABLE_AFTER = 1_000;

    private final SplittableRandom random = new SplittableRandom(77);
    private final NodeId self = NodeId.random(random);
    private final List<String> heard = new ArrayList<>();
    private final TableListener listener = new TableListener() {
        @Override
        public void evicted(RoutingEntry gone, RoutingEntry replacement) {
            heard.add("evicted " + name(gone) + (replacement == null ? "" : " for " + name(replacement)));
        }

        @Override
        public void candidateWaiting(RoutingEntry candidate) {
            heard.add("verify " + name(candidate));
        }

        @Override
        public void bucketEmptied(int index) {
            heard.add("emptied " + index);
        }
    };
    private final List<Contact> contacts = new ArrayList<>();

    private Contact contact(int n) {
        Contact c = new Contact(NodeId.randomInBucket(self, 150, random), RoutingTablePropertiesTest.address(10, n, 6881));
        contacts.add(c);
        return c;
    }

    private String name(RoutingEntry e) {
        return "c" + contacts.indexOf(e.contact());
    }

    private RoutingTable table(PeerLiveness.FailureVerdict verdict) {
        return table(verdict, false, List.of());
    }

    private RoutingTable table(PeerLiveness.FailureVerdict verdict, boolean verifies, List<Contact> believedDead) {
        Bep5Liveness bep5 = new Bep5Liveness(QUESTIONABLE_AFTER, 2);
        PeerLiveness liveness = new PeerLiveness() {
            @Override
            public NodeState stateOf(RoutingEntry entry, long nowNanos) {
                return bep5.stateOf(entry, nowNanos);
            }

            @Override
            public FailureVerdict onFailure(RoutingEntry entry, long nowNanos) {
                return verdict;
            }

            @Override
            public List<RoutingEntry> toProbe(TableView table, long nowNanos) {
                return bep5.toProbe(table, nowNanos);
            }

            @Override
            public boolean believedDead(Contact peer, long nowNanos) {
                return believedDead.contains(peer);
            }

            @Override
            public boolean verifiesReplacements() {
                return verifies;
            }
        };
        return new RoutingTable(self, 2, () -> liveness, listener, IpDiversity.OFF);
    }

    @Test
    void aNodeThatTurnsBadGivesItsPlaceToTheNewestReplacementAndTheListenerHearsIt() {
        RoutingTable table = table(PeerLiveness.FailureVerdict.COUNT);
        Contact a = contact(1);
        Contact b = contact(2);
        Contact x = contact(3);
        table.onResponse(a, 0, -1);
        table.onResponse(b, 0, -1);
        table.onResponse(x, 1, -1); // full bucket: x waits as a replacement
        table.onFailure(a.id(), a.address(), 2);
        assertThat(heard).as("one failure is not enough").isEmpty();
        table.onFailure(a.id(), a.address(), 3);
        assertThat(heard).containsExactly("evicted c0 for c2");
        assertThat(table.contains(a.id())).isFalse();
        assertThat(table.contains(x.id())).isTrue();
    }

    @Test
    void aBucketWhoseLastLiveNodeTurnsBadIsReportedEmptied() {
        RoutingTable table = table(PeerLiveness.FailureVerdict.COUNT);
        Contact a = contact(1);
        table.onResponse(a, 0, -1);
        table.onFailure(a.id(), a.address(), 1);
        table.onFailure(a.id(), a.address(), 2);
        assertThat(heard).containsExactly("emptied 150");
        assertThat(table.contains(a.id())).as("a bad node without replacement stays until one comes").isTrue();
        assertThat(table.closest(a.id(), 5, 3)).isEmpty();
    }

    @Test
    void anEvictVerdictTakesTheNodeOutAtOnceEvenWithoutAReplacement() {
        RoutingTable table = table(PeerLiveness.FailureVerdict.EVICT);
        Contact a = contact(1);
        Contact b = contact(2);
        table.onResponse(a, 0, -1);
        table.onResponse(b, 0, -1);
        table.onFailure(a.id(), a.address(), 1);
        assertThat(heard).containsExactly("evicted c0");
        assertThat(table.contains(a.id())).isFalse();
        assertThat(table.size()).isEqualTo(1);
        table.onFailure(b.id(), b.address(), 2);
        assertThat(heard).containsExactly("evicted c0", "evicted c1", "emptied 150");
        assertThat(table.size()).isZero();
    }

    @Test
    void anIgnoreVerdictLeavesTheNodeGood() {
        RoutingTable table = table(PeerLiveness.FailureVerdict.IGNORE);
        Contact a = contact(1);
        table.onResponse(a, 0, -1);
        for (int i = 0; i < 5; i++) {
            table.onFailure(a.id(), a.address(), 1 + i);
        }
        assertThat(table.stateOf(table.entry(a.id()), 10)).isEqualTo(NodeState.GOOD);
        assertThat(heard).isEmpty();
    }

    @Test
    void removingAnIdTellsTheListener() {
        RoutingTable table = table(PeerLiveness.FailureVerdict.COUNT);
        Contact a = contact(1);
        table.onResponse(a, 0, -1);
        table.remove(a.id(), 1);
        assertThat(heard).containsExactly("evicted c0", "emptied 150");
    }

    @Test
    void aPolicyThatVerifiesReplacementsHasTheReplacementPingedInsteadOfPromoted() {
        RoutingTable table = table(PeerLiveness.FailureVerdict.EVICT, true, List.of());
        Contact a = contact(1);
        Contact b = contact(2);
        Contact x = contact(3);
        table.onResponse(a, 0, -1);
        table.onResponse(b, 0, -1);
        table.onResponse(x, 1, -1); // waits as a replacement
        table.onFailure(a.id(), a.address(), 2);
        assertThat(heard).containsExactly("evicted c0", "verify c2");
        assertThat(table.contains(x.id())).as("not before it answers").isFalse();
        table.onResponse(x, 3, -1);
        assertThat(table.contains(x.id())).as("its answer takes the room left").isTrue();
    }

    @Test
    void aReplacementBelievedDeadIsPassedOver() {
        Contact a = contact(1);
        Contact b = contact(2);
        Contact older = contact(3);
        Contact newer = contact(4);
        RoutingTable table = table(PeerLiveness.FailureVerdict.EVICT, false, List.of(newer));
        table.onResponse(a, 0, -1);
        table.onResponse(b, 0, -1);
        table.onResponse(older, 1, -1);
        table.onResponse(newer, 2, -1);
        table.onFailure(a.id(), a.address(), 3);
        assertThat(heard).containsExactly("evicted c0 for c2");
    }
}
