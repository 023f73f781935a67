package io.cqkd.dht.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Invariants of {@link RoutingTable} under random sequences of operations, and example tests of its
 * BEP 5 semantics (verified insertion, replacement cache, bad nodes, spoofed addresses).
 */
class RoutingTablePropertiesTest {
    /** Short so that random sequences of time steps make entries questionable. */
    private static final long QUESTIONABLE_AFTER = 100;
    private static final int MAX_FAILURES = 2;
    private static final int POOL_SIZE = 24;
    /** Ids 1..HOT share one bucket and are picked most often. */
    private static final int HOT = 6;

    // ---- operations -----------------------------------------------------------------------------

    sealed interface Op permits Respond, Fail, Query, Remove, Advance {}

    /** Contact {@code who} of the pool answers, from its usual address or its alternative one. */
    record Respond(int who, boolean altAddress, long rtt) implements Op {}

    record Fail(int who, boolean altAddress) implements Op {}

    record Query(int who, boolean altAddress) implements Op {}

    record Remove(int who) implements Op {}

    record Advance(long nanos) implements Op {}

    @Provide
    Arbitrary<List<Op>> ops() {
        return opsWith(true);
    }

    private static Arbitrary<List<Op>> opsWith(boolean withRemove) {
        Arbitrary<Integer> who = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.integers().between(1, HOT)),
                Tuple.of(1, Arbitraries.integers().between(0, POOL_SIZE - 1)));
        Arbitrary<Boolean> alt = Arbitraries.frequency(Tuple.of(6, false), Tuple.of(1, true));
        Arbitrary<Op> respond = Combinators.combine(who, alt, Arbitraries.longs().between(-1, 50))
                .as(Respond::new);
        Arbitrary<Op> fail = Combinators.combine(who, alt).as(Fail::new);
        Arbitrary<Op> query = Combinators.combine(who, alt).as(Query::new);
        Arbitrary<Op> remove = who.map(Remove::new);
        Arbitrary<Op> advance = Arbitraries.longs().between(0, 2 * QUESTIONABLE_AFTER).map(Advance::new);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(8, respond),
                Tuple.of(6, fail),
                Tuple.of(2, query),
                Tuple.of(withRemove ? 3 : 0, remove),
                Tuple.of(2, advance));
        return op.list().ofMinSize(1).ofMaxSize(150);
    }

    @Provide
    Arbitrary<NodeId> selfIds() {
        return Arbitraries.bytes().array(byte[].class).ofSize(NodeId.BYTES).map(NodeId::of)
                .edgeCases(c -> c.add(NodeId.zero(), NodeId.fromHex("ff".repeat(NodeId.BYTES))));
    }

    /**
     * Ids for the operations, seen from {@code self}. Index 0 is self itself; 1 to 6 share the farthest
     * bucket, where most nodes land in a real network (and which the operations pick most often, so
     * that it fills, overflows into its replacement cache and turns over); 7 to 12 lie in the nearest
     * buckets (ids sharing 156 or more leading bits with self: a bucket there holds only a handful of
     * ids, so these repeat); the rest anywhere. A repeated id gets different addresses, which makes it
     * the same id claimed from two places.
     */
    private static List<NodeId> pool(NodeId self, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<NodeId> pool = new ArrayList<>(POOL_SIZE);
        pool.add(self);
        for (int j = 1; j < POOL_SIZE; j++) {
            int bucket = j <= HOT ? NodeId.BITS - 1 : j <= 2 * HOT ? random.nextInt(4) : random.nextInt(NodeId.BITS);
            pool.add(NodeId.randomInBucket(self, bucket, random));
        }
        return pool;
    }

    private static InetSocketAddress addressOf(int who, boolean alt) {
        return address(127, who, alt ? 7000 + who : 6881);
    }

    // ---- properties -----------------------------------------------------------------------------

    @Property(tries = 2000)
    void invariantsHoldAfterEveryStep(@ForAll("selfIds") NodeId self, @ForAll @IntRange(min = 1, max = 4) int k,
                                      @ForAll long poolSeed, @ForAll("ops") List<Op> ops) {
        runAndCheck(self, k, poolSeed, ops);
    }

    private static void runAndCheck(NodeId self, int k, long poolSeed, List<Op> ops) {
        List<NodeId> pool = pool(self, poolSeed);
        RoutingTable table = new RoutingTable(self, k, () -> new Bep5Liveness(QUESTIONABLE_AFTER, MAX_FAILURES), TableListener.NONE, IpDiversity.OFF);
        SplittableRandom targets = new SplittableRandom(poolSeed ^ 0x5DEECE66DL);
        long now = 1_000;
        int step = 0;
        for (Op op : ops) {
            if (op instanceof Respond r) {
                RoutingEntry toPing = table.onResponse(new Contact(pool.get(r.who()), addressOf(r.who(), r.altAddress())),
                        now, r.rtt());
                if (toPing != null) {
                    // Only a questionable node of the newcomer's (full) bucket is worth pinging.
                    assertThat(table.stateOf(toPing, now)).isEqualTo(NodeState.QUESTIONABLE);
                    assertThat(self.bucketIndexOf(toPing.id())).isEqualTo(self.bucketIndexOf(pool.get(r.who())));
                    assertThat(table.entry(toPing.id())).isSameAs(toPing);
                }
            } else if (op instanceof Fail f) {
                table.onFailure(pool.get(f.who()), addressOf(f.who(), f.altAddress()), now);
            } else if (op instanceof Query q) {
                boolean known = table.contains(pool.get(q.who()));
                table.onQuery(pool.get(q.who()), addressOf(q.who(), q.altAddress()), now);
                assertThat(table.contains(pool.get(q.who()))).as("a query never inserts").isEqualTo(known);
            } else if (op instanceof Remove rm) {
                table.remove(pool.get(rm.who()), now);
                assertThat(table.contains(pool.get(rm.who()))).isFalse();
            } else if (op instanceof Advance a) {
                now += a.nanos();
            }
            step++;
            List<NodeId> probe = new ArrayList<>(List.of(self, NodeId.random(targets), NodeId.random(targets)));
            for (int i = 0; i < 3; i++) {
                probe.add(pool.get(targets.nextInt(POOL_SIZE)));
            }
            checkInvariants(table, self, k, now, probe, "after step " + step + " " + op);
        }
    }

    static void checkInvariants(RoutingTable table, NodeId self, int k, long now, List<NodeId> targets,
                                String when) {
        Map<Integer, List<RoutingEntry>> buckets = table.bucketsSnapshot();
        Set<NodeId> seen = new HashSet<>();
        List<RoutingEntry> all = new ArrayList<>();
        for (var bucket : buckets.entrySet()) {
            assertThat(bucket.getValue()).as("bucket %d %s", bucket.getKey(), when).hasSizeLessThanOrEqualTo(k);
            for (RoutingEntry e : bucket.getValue()) {
                assertThat(seen.add(e.id())).as("id %s appears twice %s", e.id(), when).isTrue();
                assertThat(self.bucketIndexOf(e.id())).as("bucket of %s %s", e.id(), when)
                        .isEqualTo(bucket.getKey());
                assertThat(e.id()).as("self is never in its own table").isNotEqualTo(self);
                assertThat(table.entry(e.id())).as("index entry of %s %s", e.id(), when).isSameAs(e);
                all.add(e);
            }
        }
        assertThat(table.size()).as("index size equals bucket contents %s", when).isEqualTo(all.size());

        for (NodeId target : targets) {
            for (int n : new int[] {1, k, 3 * k + 1, NodeId.BITS * k}) {
                List<Contact> closest = table.closest(target, n, now);
                assertThat(closest).as("closest(%s, %d) %s", target, n, when).hasSizeLessThanOrEqualTo(n);
                assertThat(closest).doesNotHaveDuplicates();
                for (int i = 1; i < closest.size(); i++) {
                    assertThat(target.compareDistance(closest.get(i - 1).id(), closest.get(i).id()))
                            .as("closest sorted by distance %s", when).isNegative();
                }
                for (Contact c : closest) {
                    assertThat(table.stateOf(table.entry(c.id()), now)).isNotEqualTo(NodeState.BAD);
                }
                List<Contact> expected = all.stream()
                        .filter(e -> table.stateOf(e, now) != NodeState.BAD)
                        .sorted(Comparator.comparing(RoutingEntry::id, target::compareDistance))
                        .limit(n)
                        .map(RoutingEntry::contact)
                        .toList();
                assertThat(closest).as("closest(%s, %d) vs brute force %s", target, n, when)
                        .containsExactlyElementsOf(expected);
            }
        }
    }

    // ---- example tests --------------------------------------------------------------------------

    @Nested
    class Examples {
        private final SplittableRandom random = new SplittableRandom(20240601);
        private final NodeId self = NodeId.random(random);
        private final RoutingTable table = new RoutingTable(self, 2, () -> new Bep5Liveness(QUESTIONABLE_AFTER, MAX_FAILURES), TableListener.NONE, IpDiversity.OFF);

        private Contact far(int n) {
            return new Contact(NodeId.randomInBucket(self, 155, random), address(192, n, 6881));
        }

        @Test
        void aQueryFromAnUnknownNodeDoesNotInsertItButAnAnswerDoes() {
            Contact a = far(1);
            table.onQuery(a.id(), a.address(), 10);
            assertThat(table.contains(a.id())).isFalse();
            assertThat(table.size()).isZero();
            assertThat(table.closest(a.id(), 8, 10)).isEmpty();
            assertThat(table.wouldAccept(a.id(), 10)).isTrue();

            assertThat(table.onResponse(a, 20, 5)).isNull();
            assertThat(table.contains(a.id())).isTrue();
            assertThat(table.size()).isEqualTo(1);
            assertThat(table.entry(a.id()).address()).isEqualTo(a.address());
            assertThat(table.entry(a.id()).rttNanos()).isEqualTo(5);
            assertThat(table.closest(a.id(), 8, 20)).containsExactly(a);
            assertThat(table.wouldAccept(a.id(), 20)).as("already known").isFalse();
        }

        @Test
        void ourOwnIdNeverEntersTheTable() {
            assertThat(table.onResponse(new Contact(self, address(192, 9, 6881)), 0, 1)).isNull();
            assertThat(table.contains(self)).isFalse();
            assertThat(table.wouldAccept(self, 0)).isFalse();
        }

        @Test
        void aQueryKeepsAKnownNodeGoodOnlyFromItsOwnAddress() {
            Contact a = far(1);
            table.onResponse(a, 0, -1);
            table.onQuery(a.id(), address(192, 99, 6881), 90); // another address: proves nothing
            assertThat(table.stateOf(table.entry(a.id()), 150)).isEqualTo(NodeState.QUESTIONABLE);
            table.onQuery(a.id(), a.address(), 90);
            assertThat(table.stateOf(table.entry(a.id()), 150)).isEqualTo(NodeState.GOOD);
            assertThat(table.stateOf(table.entry(a.id()), 191)).isEqualTo(NodeState.QUESTIONABLE);
        }

        @Test
        void aFullBucketKeepsNewcomersAsReplacementsAndAsksToPingItsOldestQuestionableEntry() {
            Contact a = far(1);
            Contact b = far(2);
            Contact c = far(3);
            Contact d = far(4);
            assertThat(table.onResponse(a, 0, -1)).isNull();
            assertThat(table.onResponse(b, 5, -1)).isNull();
            assertThat(table.wouldAccept(c.id(), 10)).as("full of good nodes").isFalse();

            // Everybody is good: the newcomer waits in the replacement cache, nothing to ping.
            assertThat(table.onResponse(c, 10, -1)).isNull();
            assertThat(table.contains(c.id())).isFalse();
            assertThat(table.replacementCount()).isEqualTo(1);
            assertThat(table.closest(c.id(), 8, 10)).containsExactlyInAnyOrder(a, b);

            // a (silent since 0) and b (since 5) are questionable at 106: the oldest, a, is to be pinged.
            assertThat(table.stateOf(table.entry(a.id()), 106)).isEqualTo(NodeState.QUESTIONABLE);
            assertThat(table.stateOf(table.entry(b.id()), 106)).isEqualTo(NodeState.QUESTIONABLE);
            assertThat(table.wouldAccept(d.id(), 106)).isTrue();
            RoutingEntry toPing = table.onResponse(d, 106, -1);
            assertThat(toPing).isNotNull();
            assertThat(toPing.id()).isEqualTo(a.id());
            assertThat(table.contains(d.id())).isFalse();
            assertThat(table.replacementCount()).isEqualTo(2);
            assertThat(table.size()).isEqualTo(2);

            // Only b is questionable once a has answered again.
            table.onResponse(a, 107, -1);
            RoutingEntry next = table.onResponse(far(5), 108, -1);
            assertThat(next).isNotNull();
            assertThat(next.id()).isEqualTo(b.id());
            assertThat(table.replacementCount()).as("the cache is bounded by k").isEqualTo(2);
        }

        @Test
        void anEntryFailingMaxFailuresTimesTurnsBadAndGivesItsPlaceToTheNewestReplacement() {
            Contact a = far(1);
            Contact b = far(2);
            Contact older = far(3);
            Contact newest = far(4);
            table.onResponse(a, 0, -1);
            table.onResponse(b, 0, -1);
            table.onResponse(older, 1, -1);
            table.onResponse(newest, 2, -1);
            assertThat(table.replacementCount()).isEqualTo(2);

            table.onFailure(a.id(), a.address(), 3);
            assertThat(table.contains(a.id())).isTrue();
            assertThat(table.stateOf(table.entry(a.id()), 3)).isNotEqualTo(NodeState.BAD);
            assertThat(table.entry(a.id()).consecutiveFailures()).isEqualTo(1);

            table.onFailure(a.id(), address(192, 77, 6881), 4); // not the address we know a at: ignored
            assertThat(table.entry(a.id()).consecutiveFailures()).isEqualTo(1);

            table.onFailure(a.id(), a.address(), 5);
            assertThat(table.contains(a.id())).isFalse();
            assertThat(table.contains(newest.id())).isTrue();
            assertThat(table.contains(older.id())).isFalse();
            assertThat(table.replacementCount()).isEqualTo(1);
            assertThat(table.closest(a.id(), 8, 5)).containsExactlyInAnyOrder(b, newest);
            checkInvariants(table, self, 2, 5, List.of(a.id(), self), "after replacement");
        }

        @Test
        void aBadEntryWithoutReplacementStaysButIsNeverReturnedAndIsReplacedByTheNextNewcomer() {
            Contact a = far(1);
            Contact b = far(2);
            table.onResponse(a, 0, -1);
            table.onResponse(b, 0, -1);
            table.onFailure(a.id(), a.address(), 1);
            table.onFailure(a.id(), a.address(), 2);
            assertThat(table.contains(a.id())).isTrue();
            assertThat(table.stateOf(table.entry(a.id()), 2)).isEqualTo(NodeState.BAD);
            assertThat(table.closest(a.id(), 8, 2)).containsExactly(b);

            Contact c = far(3);
            assertThat(table.wouldAccept(c.id(), 3)).isTrue();
            assertThat(table.onResponse(c, 3, -1)).isNull();
            assertThat(table.contains(c.id())).isTrue();
            assertThat(table.contains(a.id())).isFalse();
            assertThat(table.closest(a.id(), 8, 3)).containsExactlyInAnyOrder(b, c);
        }

        @Test
        void aKnownIdClaimedFromAnotherAddressIsIgnoredWhileTheEntryIsGood() {
            Contact a = far(1);
            Contact spoof = new Contact(a.id(), address(192, 66, 6881));
            table.onResponse(a, 0, -1);

            assertThat(table.onResponse(spoof, 10, -1)).isNull();
            assertThat(table.entry(a.id()).address()).isEqualTo(a.address());
            assertThat(table.closest(a.id(), 1, 10)).containsExactly(a);

            // Questionable is not dead either: still ignored.
            assertThat(table.onResponse(spoof, 500, -1)).isNull();
            assertThat(table.entry(a.id()).address()).isEqualTo(a.address());
            assertThat(table.size()).isEqualTo(1);
            assertThat(table.replacementCount()).isZero();
        }

        @Test
        void aKnownIdThatWentBadMayMoveToANewAddress() {
            Contact a = far(1);
            Contact moved = new Contact(a.id(), address(192, 66, 6881));
            table.onResponse(a, 0, -1);
            table.onFailure(a.id(), a.address(), 1);
            table.onFailure(a.id(), a.address(), 2);

            table.onResponse(moved, 3, -1);
            assertThat(table.entry(a.id()).address()).isEqualTo(moved.address());
            assertThat(table.stateOf(table.entry(a.id()), 3)).isEqualTo(NodeState.GOOD);
            assertThat(table.size()).isEqualTo(1);
            assertThat(table.closest(a.id(), 1, 3)).containsExactly(moved);
        }

        @Test
        void replacementAlreadyInTheBucketIsNotInsertedTwice() {
            Contact a = far(1);
            Contact b = far(2);
            Contact x = far(3);
            table.onResponse(a, 0, -1);
            table.onResponse(b, 0, -1);
            table.onResponse(x, 1, -1);      // bucket full of good nodes: x waits in the cache
            table.remove(b.id(), 1);         // e.g. b's address now answers with another id
            table.onResponse(x, 2, -1);      // room: x enters the bucket directly (and stays in the cache)
            table.onFailure(a.id(), a.address(), 3);
            table.onFailure(a.id(), a.address(), 4); // a turns bad: the cache's stale x takes its place

            List<NodeId> ids = table.bucketsSnapshot().values().stream().flatMap(List::stream)
                    .map(RoutingEntry::id).toList();
            assertThat(ids).doesNotHaveDuplicates();
            assertThat(table.size()).isEqualTo(ids.size());
            checkInvariants(table, self, 2, 4, List.of(self, x.id()), "after the stale replacement");
        }

        @Test
        void closestOfZeroNodesIsEmpty() {
            table.onResponse(far(1), 0, -1);
            table.onResponse(far(2), 0, -1);
            assertThat(table.closest(self, 0, 0)).isEmpty();
        }

        @Test
        void closestOfMoreNodesThanTheTableHoldsReturnsThemAll() {
            Contact a = far(1);
            Contact b = new Contact(NodeId.randomInBucket(self, 3, random), address(192, 2, 6881));
            table.onResponse(a, 0, -1);
            table.onResponse(b, 0, -1);
            assertThat(table.closest(self, 1, 0)).containsExactly(b);
            assertThat(table.closest(self, 100, 0)).containsExactly(b, a);
            assertThat(table.closest(a.id(), 100, 0)).containsExactly(a, b);
        }

        @Test
        void aRemovedIdDoesNotComeBackFromTheReplacementCache() {
            Contact a = far(1);
            Contact b = far(2);
            Contact x = far(3);
            table.onResponse(a, 0, -1);
            table.onResponse(b, 0, -1);
            table.onResponse(x, 1, -1);      // x waits in the cache
            table.remove(x.id(), 1);         // "forgets a node entirely": x's address now answers with another id
            table.onFailure(a.id(), a.address(), 2);
            table.onFailure(a.id(), a.address(), 3);

            assertThat(table.contains(x.id())).isFalse();
            assertThat(table.closest(x.id(), 8, 3)).doesNotContain(x);
        }
    }

    static InetSocketAddress address(int first, int n, int port) {
        byte[] ip = {(byte) first, 0, (byte) (n >>> 8), (byte) n};
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
