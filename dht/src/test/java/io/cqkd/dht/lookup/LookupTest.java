package io.cqkd.dht.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.rpc.RpcTimeoutException;
import io.cqkd.transport.Scheduler;
import io.cqkd.transport.latency.LatencyModel;
import io.cqkd.transport.sim.SimNetwork;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import io.cqkd.wire.krpc.Reply;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * One {@link Lookup} against a model network in virtual time: every live node knows the whole
 * network and answers with the k + 2 nodes closest to the target (dead ones and liars included, as
 * tables do until they learn), after a fixed delay; dead nodes never answer; liars answer under
 * another id.
 */
class LookupTest {
    private static final Duration ANSWER_DELAY = Duration.ofMillis(30);
    private static final Duration STALL = Duration.ofMillis(100);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final SimNetwork sim = new SimNetwork(1, LatencyModel.fixed(Duration.ZERO));
    private final Scheduler loop = sim.bind(null, (from, payload, at) -> { }).join().scheduler();
    private final SplittableRandom random = new SplittableRandom(8);
    private final NodeId self = NodeId.random(random);
    private final List<Contact> all = new ArrayList<>();
    private final Set<NodeId> dead = new HashSet<>();
    private final Set<NodeId> liars = new HashSet<>();
    /** Nodes that answer after SLOW_DELAY: several stalls, but well within a timeout. */
    private final Set<NodeId> slow = new HashSet<>();
    private static final Duration SLOW_DELAY = Duration.ofMillis(450);
    private final Map<NodeId, Integer> asked = new HashMap<>();
    private int inFlight;
    private int mostInFlight;

    LookupTest() {
        for (int i = 0; i < 300; i++) {
            all.add(new Contact(NodeId.random(random), new InetSocketAddress("10.0.0." + (i % 250 + 1), 6000 + i)));
        }
    }

    private List<Contact> closestLive(NodeId target, int n) {
        return all.stream().filter(c -> !dead.contains(c.id()) && !liars.contains(c.id()))
                .sorted(Comparator.comparing(Contact::id, target::compareDistance)).limit(n).toList();
    }

    /** Answers as a node of the model network would, on the loop, after the answer delay. */
    private CompletableFuture<Reply> ask(NodeId target, Contact contact, int k) {
        asked.merge(contact.id(), 1, Integer::sum);
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        CompletableFuture<Reply> answer = new CompletableFuture<>();
        if (dead.contains(contact.id())) {
            loop.schedule(TIMEOUT, () -> {
                inFlight--;
                answer.completeExceptionally(new RpcTimeoutException("find_node", contact.address()));
            });
            return answer;
        }
        NodeId answeringId = liars.contains(contact.id()) ? NodeId.random(random) : contact.id();
        List<Contact> known = all.stream().sorted(Comparator.comparing(Contact::id, target::compareDistance))
                .limit(k + 2).toList();
        loop.schedule(slow.contains(contact.id()) ? SLOW_DELAY : ANSWER_DELAY, () -> {
            inFlight--;
            answer.complete(Reply.parse(new Reply.Builder(answeringId).nodes(known).build()));
        });
        return answer;
    }

    private LookupResult run(NodeId target, int k, int alpha, Lookup.ReplyObserver observer) {
        return run(target, new LookupShape.Shape(k, alpha), observer);
    }

    private LookupResult run(NodeId target, LookupShape.Shape shape, Lookup.ReplyObserver observer) {
        int k = shape.width();
        List<Contact> seeds = all.stream().filter(c -> !dead.contains(c.id())).limit(3).toList();
        Lookup lookup = new Lookup(self, target, shape, 3, c -> STALL, loop, c -> ask(target, c, k), observer,
                c -> false);
        CompletableFuture<LookupResult> result = lookup.start(seeds);
        assertThat(sim.runUntil(result::isDone, Duration.ofMinutes(1))).isTrue();
        return result.join();
    }

    @Test
    void findsExactlyTheKClosestNodesWithNeverMoreThanAlphaCallsInFlight() {
        NodeId target = NodeId.random(random);
        LookupResult result = run(target, 8, 3, Lookup.ReplyObserver.NONE);
        assertThat(result.closest()).containsExactlyElementsOf(closestLive(target, 8));
        assertThat(mostInFlight).isLessThanOrEqualTo(3);
        assertThat(result.failed()).isZero();
        assertThat(result.stoppedEarly()).isFalse();
        assertThat(asked.values()).as("no node asked twice when all answer in time").allMatch(n -> n == 1);
    }

    @Test
    void aLookupOfAnExistingIdFindsItAndSaysHowManyHopsItTook() {
        Contact existing = all.get(200);
        LookupResult result = run(existing.id(), 8, 3, Lookup.ReplyObserver.NONE);
        assertThat(result.foundTarget()).isTrue();
        assertThat(result.closest().get(0)).isEqualTo(existing);
        assertThat(result.hops()).as("the seeds name the target at once").isEqualTo(1);
    }

    @Test
    void deadNodesAreTriedAtMostMaxAttemptsTimesAndLeftOut() {
        NodeId target = NodeId.random(random);
        List<Contact> closest = closestLive(target, 8);
        dead.add(closest.get(0).id());
        dead.add(closest.get(3).id());
        LookupResult result = run(target, 8, 3, Lookup.ReplyObserver.NONE);
        assertThat(result.closest()).containsExactlyElementsOf(closestLive(target, 8));
        assertThat(result.closest()).noneMatch(c -> dead.contains(c.id()));
        assertThat(asked.get(closest.get(0).id())).isEqualTo(3);
        assertThat(asked.get(closest.get(3).id())).isEqualTo(3);
        // Silent through every attempt, a dead node stops holding the lookup back after three stalls,
        // long before its calls time out.
        assertThat(sim.elapsedNanos()).isLessThan(TIMEOUT.toNanos());
    }

    @Test
    void anImpatientLookupAsksADeadNodeOnceAndCountsItAmongTheSilentCloser() {
        NodeId target = NodeId.random(random);
        List<Contact> closest = closestLive(target, 8);
        dead.add(closest.get(0).id());
        dead.add(closest.get(3).id());
        LookupResult result = run(target, new LookupShape.Shape(8, 3, false, Integer.MAX_VALUE), Lookup.ReplyObserver.NONE);
        assertThat(result.closest()).containsExactlyElementsOf(closestLive(target, 8));
        assertThat(asked.get(closest.get(0).id())).as("moved on at its first stall").isEqualTo(1);
        assertThat(asked.get(closest.get(3).id())).isEqualTo(1);
        assertThat(result.silentCloser()).isEqualTo(2);
        assertThat(result.width()).isEqualTo(8);
        assertThat(result.alpha()).isEqualTo(3);
    }

    @Test
    void anImpatientLookupThroughManyDeadNodesKeepsAtMostMaxAwaitingCallsAwaitingAndStillFindsTheLiveClosest() {
        NodeId target = NodeId.random(random);
        for (int i = 0; i < all.size(); i += 2) {
            dead.add(all.get(i).id()); // a killed process: half the network silent, still in every answer
        }
        LookupResult unbounded = run(target, new LookupShape.Shape(8, 3, false, Integer.MAX_VALUE), Lookup.ReplyObserver.NONE);
        int unboundedMost = mostInFlight;
        mostInFlight = 0;
        sim.runFor(TIMEOUT); // the first lookup's calls to dead nodes time out

        LookupResult bounded = run(target, new LookupShape.Shape(8, 3, false, 6), Lookup.ReplyObserver.NONE);

        assertThat(unboundedMost).as("each stall frees an alpha slot while its call still awaits").isGreaterThan(6);
        assertThat(mostInFlight).isLessThanOrEqualTo(6);
        // Answers name only the ten nodes closest to the target, dead or alive: the live ones among them.
        Contact[] liveNamed = all.stream().sorted(Comparator.comparing(Contact::id, target::compareDistance))
                .limit(10).filter(c -> !dead.contains(c.id())).toArray(Contact[]::new);
        assertThat(bounded.closest()).startsWith(liveNamed).containsExactlyElementsOf(unbounded.closest());
    }

    @Test
    void anImpatientLookupStillWaitsForItsTargetAndFindsIt() {
        Contact existing = all.get(150);
        slow.add(existing.id()); // answers, but after several stalls
        LookupResult result = run(existing.id(), new LookupShape.Shape(8, 3, false, Integer.MAX_VALUE), Lookup.ReplyObserver.NONE);
        assertThat(result.foundTarget()).isTrue();
        assertThat(result.lateAnswers()).isPositive();
    }

    @Test
    void aNodeThatAnswersUnderAnotherIdIsNotBelieved() {
        NodeId target = NodeId.random(random);
        Contact liar = closestLive(target, 1).get(0);
        liars.add(liar.id());
        LookupResult result = run(target, 8, 3, Lookup.ReplyObserver.NONE);
        assertThat(result.closest()).doesNotContain(liar).containsExactlyElementsOf(closestLive(target, 8));
        assertThat(result.failed()).isPositive();
    }

    @Test
    void anObserverThatIsSatisfiedEndsTheLookupEarly() {
        NodeId target = NodeId.random(random);
        int[] replies = {0};
        LookupResult result = run(target, 8, 3, (from, reply) -> ++replies[0] == 2);
        assertThat(result.stoppedEarly()).isTrue();
        assertThat(replies[0]).isEqualTo(2);
    }
}
