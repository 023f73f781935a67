package io.cqkd.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.dht.routing.NodeState;
import io.cqkd.dht.routing.PeerLiveness;
import io.cqkd.dht.routing.RoutingEntry;
import io.cqkd.dht.routing.TableView;
import io.cqkd.transport.Cancellable;
import io.cqkd.transport.latency.LatencyModel;
import io.cqkd.wire.BDict;
import io.cqkd.wire.krpc.Contact;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The seams of a node, in simulation: policies installed on nodes are consulted and told every
 * outcome, and a policy swapped at run time takes over from the next call.
 */
class PolicySeamsTest {
    private static final Duration MAINTENANCE = DhtConfig.defaults().maintenanceInterval();

    private static long sent(List<DhtNode> nodes) {
        return nodes.stream().mapToLong(n -> n.stats().sum("rpc.sent.")).sum();
    }

    @Test
    void aRecordingTimingAndRefreshAreConsultedAndToldEveryOutcome() {
        SimNetworks net = SimNetworks.bootstrapped(150, 41, DhtConfig.defaults());
        SplittableRandom random = new SplittableRandom(4);
        List<DhtNode> live = new ArrayList<>(net.nodes);
        Set<InetSocketAddress> crashed = new HashSet<>();
        for (int i = 0; i < 15; i++) {
            DhtNode victim = live.remove(1 + random.nextInt(live.size() - 1));
            net.network.crash(victim.address());
            crashed.add(victim.address());
        }
        List<RecordingTiming> timings = new ArrayList<>();
        List<RecordingRefresh> refreshes = new ArrayList<>();
        List<Contact> accused = new ArrayList<>();
        List<Contact> answering = new ArrayList<>();
        List<Cancellable> subscriptions = new ArrayList<>();
        for (DhtNode node : live) {
            RecordingTiming timing = new RecordingTiming(Duration.ofMillis(500), Duration.ofSeconds(2));
            RecordingRefresh refresh = new RecordingRefresh();
            timings.add(timing);
            refreshes.add(refresh);
            net.cluster.driver().await(node.control().usePolicies(p -> p.withCallTiming(timing).withRefresh(refresh)),
                    Duration.ofSeconds(1));
            subscriptions.add(net.cluster.driver().await(node.control().subscribe(new NodeEvents() {
                @Override
                public void peerAnswered(Contact peer, String method, long rttNanos) {
                    answering.add(peer);
                }

                @Override
                public void peerFailed(Contact peer, String method) {
                    accused.add(peer);
                }
            }), Duration.ofSeconds(1)));
        }
        long sentBefore = sent(live);

        List<CompletableFuture<LookupResult>> lookups = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            DhtNode from = live.get(random.nextInt(live.size()));
            lookups.add(from.lookup(net.nodes.get(random.nextInt(net.nodes.size())).id()));
        }
        net.cluster.driver().await(CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)),
                Duration.ofMinutes(5));
        net.network.runFor(MAINTENANCE.multipliedBy(3));
        // Back to the defaults: calls from now on are not the recording policies' business...
        subscriptions.forEach(Cancellable::cancel);
        for (DhtNode node : live) {
            net.cluster.driver().await(node.control().usePolicies(p -> NodePolicies.defaults(node.config())), Duration.ofSeconds(1));
        }
        long sentWhileRecording = sent(live) - sentBefore;
        // ...and every call made while they were in force has ended well within this.
        net.network.runFor(Duration.ofSeconds(30));

        int answered = timings.stream().mapToInt(t -> t.answered).sum();
        int timedOut = timings.stream().mapToInt(t -> t.timedOut).sum();
        assertThat(answered + timedOut).as("every call made under the timing told its outcome, once")
                .isEqualTo(sentWhileRecording);
        assertThat(timings.stream().mapToInt(t -> t.timeoutsAsked).sum()).as("the timeout of every call asked")
                .isEqualTo((int) sentWhileRecording);
        assertThat(timings.stream().mapToInt(t -> t.stallsAsked).sum()).as("lookups asked for their stalls")
                .isPositive();
        assertThat(timedOut).as("calls to the crashed nodes").isPositive();
        assertThat(timings.stream().flatMap(t -> t.timedOutPeers.stream())).as("no live node ever timed out")
                .allMatch(crashed::contains);
        assertThat(timings.stream().flatMap(t -> t.answerRtts.stream())).allMatch(rtt -> rtt > 0);
        assertThat(accused).as("the events accuse only crashed nodes").isNotEmpty()
                .allMatch(c -> crashed.contains(c.address()));
        assertThat(answering).as("the events hear answers from live nodes only").isNotEmpty()
                .noneMatch(c -> crashed.contains(c.address()));

        for (RecordingRefresh refresh : refreshes) {
            assertThat(refresh.roundsAsked).as("asked at every maintenance round").isEqualTo(3);
            assertThat(refresh.refreshed).as("told how each refresh it asked for went")
                    .containsExactlyElementsOf(refresh.requested);
        }
        assertThat(refreshes.stream().mapToInt(r -> r.refreshesThatFoundNodes).sum()).isPositive();
    }

    @Test
    void anAnswerThatComesAfterTheTimeoutIsToldToTheTimingAsLate() {
        SimNetworks net = SimNetworks.bootstrapped(40, 43, DhtConfig.defaults());
        net.network.setLatency(LatencyModel.fixed(Duration.ofMillis(100))); // 200 ms round trips from now on
        DhtNode asker = net.nodes.get(5);
        RecordingTiming impatient = new RecordingTiming(Duration.ofMillis(20), Duration.ofMillis(50));
        net.cluster.driver().await(asker.control().usePolicies(p -> p.withCallTiming(impatient)), Duration.ofSeconds(1));
        for (int i = 10; i < 20; i++) {
            net.cluster.driver().await(asker.ping(net.nodes.get(i).address()).handle((id, e) -> e), Duration.ofSeconds(5));
        }
        net.network.runFor(Duration.ofSeconds(1));
        // The pings, and whatever else the node sent meanwhile (its maintenance): every call timed out,
        // and every one of them, made to a live node on a lossless network, answered late.
        assertThat(impatient.timedOut).isGreaterThanOrEqualTo(10);
        assertThat(impatient.answered).isZero();
        assertThat(impatient.lateRtts).hasSize(impatient.timedOut)
                .allMatch(rtt -> rtt == Duration.ofMillis(200).toNanos());
        assertThat(asker.stats().sum("rpc.late.")).isEqualTo(impatient.timedOut);
    }

    @Test
    void policiesSwappedAtRunTimeTakeOverFromTheNextCall() {
        SimNetworks net = SimNetworks.bootstrapped(60, 47, DhtConfig.defaults());
        DhtNode node = net.nodes.get(7);
        RecordingTiming first = new RecordingTiming(Duration.ofSeconds(1), Duration.ofSeconds(5));
        RecordingTiming second = new RecordingTiming(Duration.ofSeconds(1), Duration.ofSeconds(5));
        net.cluster.driver().await(node.control().usePolicies(p -> p.withCallTiming(first)), Duration.ofSeconds(1));
        net.cluster.driver().await(node.lookup(net.nodes.get(30).id()), Duration.ofMinutes(1));
        net.network.runFor(Duration.ofSeconds(10));
        int firstAsked = first.timeoutsAsked;
        assertThat(firstAsked).isPositive();

        NodePolicies now = net.cluster.driver().await(node.control().usePolicies(p -> p.withCallTiming(second)),
                Duration.ofSeconds(1));
        assertThat(now.callTiming()).isSameAs(second);
        assertThat(node.control().policies().callTiming()).isSameAs(second);
        net.cluster.driver().await(node.lookup(net.nodes.get(40).id()), Duration.ofMinutes(1));
        net.network.runFor(Duration.ofSeconds(10));
        assertThat(first.timeoutsAsked).as("the old timing is asked nothing more").isEqualTo(firstAsked);
        assertThat(second.timeoutsAsked).isPositive();
        assertThat(second.answered).isEqualTo(second.timeoutsAsked);

        // A liveness policy that believes no failure keeps a dead peer good; the default makes it bad.
        RoutingEntry known = node.routingTable().bucketsSnapshot().values().iterator().next().get(0);
        Contact deadContact = known.contact();
        net.network.crash(deadContact.address());
        PeerLiveness trusting = new TrustingLiveness(node.control().policies().liveness());
        net.cluster.driver().await(node.control().usePolicies(p -> p.withLiveness(trusting)), Duration.ofSeconds(1));
        pingTwice(net, node, deadContact);
        assertThat(stateOf(node, deadContact, net)).isEqualTo(NodeState.GOOD);
        net.cluster.driver().await(node.control().usePolicies(p -> NodePolicies.defaults(node.config())), Duration.ofSeconds(1));
        pingTwice(net, node, deadContact);
        assertThat(stateOf(node, deadContact, net)).isEqualTo(NodeState.BAD);
    }

    /** Two calls that time out, made with the peer's id as lookups and maintenance make them. */
    private static void pingTwice(SimNetworks net, DhtNode from, Contact to) {
        for (int i = 0; i < 2; i++) {
            Throwable error = net.cluster.driver().await(from.query(to, "ping", BDict.empty())
                    .handle((r, e) -> e), Duration.ofSeconds(30));
            assertThat(error).isNotNull();
        }
    }

    private static NodeState stateOf(DhtNode node, Contact peer, SimNetworks net) {
        TableView table = node.routingTable();
        RoutingEntry entry = table.entry(peer.id());
        assertThat(entry).as("the peer is in the table").isNotNull();
        return table.stateOf(entry, net.network.nanoTime());
    }

    /** The default liveness but for failures, which it never believes. */
    private record TrustingLiveness(PeerLiveness base) implements PeerLiveness {
        @Override
        public NodeState stateOf(RoutingEntry entry, long nowNanos) {
            return base.stateOf(entry, nowNanos);
        }

        @Override
        public FailureVerdict onFailure(RoutingEntry entry, long nowNanos) {
            return FailureVerdict.IGNORE;
        }

        @Override
        public List<RoutingEntry> toProbe(TableView table, long nowNanos) {
            return base.toProbe(table, nowNanos);
        }
    }
}
