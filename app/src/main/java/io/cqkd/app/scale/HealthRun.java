package io.cqkd.app.scale;

import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.async.OnLoop;
import io.cqkd.dht.cluster.Driver;
import io.cqkd.dht.cluster.FaultyPeer;
import io.cqkd.dht.discovery.Discovery;
import io.cqkd.phases.adaptive.AdaptiveNode;
import io.cqkd.phases.adaptive.AdaptiveParameters;
import io.cqkd.phases.health.CheckOutcome;
import io.cqkd.phases.health.HealthBudget;
import io.cqkd.phases.health.HealthCounters;
import io.cqkd.phases.health.HealthNode;
import io.cqkd.phases.health.HealthParameters;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One row of {@code scale-test health}: one detector on a network built from the seed (the same ids,
 * addresses, latencies and losses for every detector). The detector runs a warm-up, then a fraction
 * of the nodes dies at once; the run follows every dead node until no live node's table holds it,
 * asks the discovery of a few live nodes for healthy nodes right after the deaths and at the end,
 * counts every live node declared dead over the whole observation, and finally times one node
 * checking up to 1,000 live nodes at the level (the sweep).
 */
final class HealthRun {
    /** How often the tables are read for dead entries while they are being removed. */
    static final Duration POLL = Duration.ofSeconds(1);
    static final int DISCOVERY_OBSERVERS = 5;
    static final int DISCOVERY_WANTED = 100;
    static final int SWEEP_SIZE = 1000;

    private final ScaleOptions options;
    private final HealthNetwork network;
    private final String detector;
    private final HealthParameters parameters;
    private final double deadFraction;
    private final Duration warmUp;
    private final Duration observe;
    private final int sweepConcurrency;
    private final int faulty;
    private final HealthCounters counters = new HealthCounters();
    /** Live or not, every peer some node declared dead, and how often. */
    private final Map<NodeId, Integer> declared = new ConcurrentHashMap<>();

    HealthRun(ScaleOptions options, HealthNetwork network, String detector, HealthParameters parameters,
              double deadFraction, Duration warmUp, Duration observe, int sweepConcurrency, int faulty) {
        this.options = options;
        this.network = network;
        this.detector = detector;
        this.parameters = detector.equals("ping-only") ? parameters.pingOnly() : parameters;
        this.deadFraction = deadFraction;
        this.warmUp = warmUp;
        this.observe = observe;
        this.sweepConcurrency = sweepConcurrency;
        this.faulty = faulty;
    }

    Map<String, Object> run() {
        Driver driver = network.driver();
        List<DhtNode> nodes = network.start(DhtConfig.defaults());
        List<HealthNode> health = new ArrayList<>();
        for (DhtNode node : nodes) {
            AdaptiveNode adaptive = driver.await(AdaptiveNode.start(node, AdaptiveParameters.defaults()), Duration.ofSeconds(10));
            driver.await(adaptive.use(true), Duration.ofSeconds(10));
            // Each simulated node stands for a host of its own: its own budget.
            HealthBudget budget = new HealthBudget(parameters.processRate());
            health.add(driver.await(HealthNode.start(node, parameters, counters, budget,
                    (by, peer, reason) -> declared.merge(peer.id(), 1, Integer::sum)), Duration.ofSeconds(10)));
        }
        int joined = network.join();
        health.forEach(h -> driver.await(h.use(true), Duration.ofSeconds(10)));
        Map<NodeId, Contact> faultyPeers = new HashMap<>();
        for (FaultyPeer.Fault fault : FaultyPeer.Fault.values()) {
            for (int i = 0; i < faulty; i++) {
                Contact c = network.startFaulty(fault, i).contact();
                faultyPeers.put(c.id(), c);
            }
        }
        network.advance(warmUp);

        SplittableRandom random = new SplittableRandom(options.seed * 17 + 3);
        List<Integer> order = shuffledIndexes(nodes.size(), random);
        int deadCount = (int) Math.round(deadFraction * (nodes.size() - 1));
        Set<NodeId> dead = new HashSet<>();
        Map<NodeId, Contact> deadContacts = new HashMap<>();
        for (int i : order.subList(0, deadCount)) {
            dead.add(nodes.get(i).id());
            deadContacts.put(nodes.get(i).id(), nodes.get(i).contact());
        }
        List<HealthNode> live = health.stream().filter(h -> !dead.contains(h.node().id())).toList();
        Map<NodeId, Integer> declaredBefore = new HashMap<>(declared);
        long before = counters.rpcs();
        long killedAt = network.now();
        for (NodeId id : dead) {
            network.kill(deadContacts.get(id));
        }

        network.advance(Duration.ofSeconds(2));
        List<CompletableFuture<Discovery.Found>> rightAfter = discoverFrom(live, random);
        Map<NodeId, Long> removedAfter = new HashMap<>();
        while (removedAfter.size() < dead.size() && network.now() - killedAt < observe.toNanos()) {
            network.advance(POLL);
            Set<NodeId> held = heldDead(live, deadContacts);
            for (NodeId id : dead) {
                if (!held.contains(id)) {
                    removedAfter.putIfAbsent(id, network.now() - killedAt);
                }
            }
        }
        long remaining = Math.max(0, observe.toNanos() - (network.now() - killedAt));
        network.advance(Duration.ofNanos(remaining));
        long[] healthy = alive(rightAfter, dead);
        long[] healthyAtEnd = alive(discoverFrom(live, random), dead);
        long rpcs = counters.rpcs() - before;
        long observedNanos = network.now() - killedAt;

        Set<NodeId> faultyHeld = faultyPeers.isEmpty() ? Set.of() : heldDead(live, faultyPeers);
        Sweep sweep = sweep(live, random);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("detector", detector);
        row.put("level", parameters.level().label());
        row.put("joined", joined);
        row.put("killed", dead.size());
        long returned = healthy[0] + healthyAtEnd[0];
        row.put("discoveryReturned", returned);
        row.put("healthyReturned", returned == 0 ? 0.0 : (double) (healthy[1] + healthyAtEnd[1]) / returned);
        row.put("healthyReturnedRightAfterDeaths", healthy[0] == 0 ? 0.0 : (double) healthy[1] / healthy[0]);
        List<Long> removal = removedAfter.values().stream().sorted().toList();
        row.put("deadRemoved", removal.size());
        row.put("deadRemovedMillisP50", millis(percentile(removal, 0.50)));
        row.put("deadRemovedMillisP99", millis(percentile(removal, 0.99)));
        row.put("deadRemovedMillisMax", millis(removal.isEmpty() ? 0 : removal.get(removal.size() - 1)));
        row.put("falsePositives", falsePositives(dead, declaredBefore, false));
        row.put("falsePositiveDeclarations", falsePositives(dead, declaredBefore, true));
        row.put("liveNodes", live.size());
        row.put("faulty", faultyPeers.size());
        row.put("faultyRemoved", faultyPeers.size() - faultyHeld.size());
        row.put("observedMillis", millis(observedNanos));
        row.put("sweepNodes", sweep.checked);
        row.put("sweepMillis", millis(sweep.nanos));
        row.put("sweepPassed", sweep.passed);
        row.put("checkMillisP99", sweep.checkMillisP99);
        row.put("checkRpcs", rpcs);
        row.put("checkRpcsPerNodePerSecond", live.isEmpty() || observedNanos == 0 ? 0.0
                : rpcs / (double) live.size() / (observedNanos / 1e9));
        row.put("suspicions", counters.suspected());
        row.put("suspicionsRefuted", counters.refuted());
        row.put("deaths", counters.deaths());
        row.put("rpcsByKind", counters.rpcsByKind());
        row.put("checks", counters.checks());
        return row;
    }

    /** Live nodes some node declared dead during the observation (distinct, or every declaration). */
    private long falsePositives(Set<NodeId> dead, Map<NodeId, Integer> before, boolean declarations) {
        long out = 0;
        for (Map.Entry<NodeId, Integer> e : declared.entrySet()) {
            int during = e.getValue() - before.getOrDefault(e.getKey(), 0);
            if (!dead.contains(e.getKey()) && during > 0) {
                out += declarations ? during : 1;
            }
        }
        return out;
    }

    /** The discovery of a few live nodes asked, all at once, for healthy nodes; not awaited. */
    private List<CompletableFuture<Discovery.Found>> discoverFrom(List<HealthNode> live, SplittableRandom random) {
        List<CompletableFuture<Discovery.Found>> asked = new ArrayList<>();
        for (int i = 0; i < Math.min(DISCOVERY_OBSERVERS, live.size()); i++) {
            HealthNode observer = live.get(random.nextInt(live.size()));
            asked.add(OnLoop.call(observer.node().scheduler(),
                    () -> observer.discovery().find(DISCOVERY_WANTED, id -> false)));
        }
        return asked;
    }

    /** {returned, alive}: what the discoveries returned, checked against the truth. */
    private long[] alive(List<CompletableFuture<Discovery.Found>> asked, Set<NodeId> dead) {
        long returned = 0;
        long alive = 0;
        for (CompletableFuture<Discovery.Found> f : asked) {
            for (Contact c : network.driver().await(f, Duration.ofMinutes(30)).nodes()) {
                returned++;
                if (!dead.contains(c.id())) {
                    alive++;
                }
            }
        }
        return new long[] {returned, alive};
    }

    /** The peers of {@code dead} some live node's table still holds at their address. */
    private Set<NodeId> heldDead(List<HealthNode> live, Map<NodeId, Contact> dead) {
        Set<NodeId> held = new HashSet<>();
        for (HealthNode h : live) {
            DhtNode node = h.node();
            held.addAll(network.driver().await(OnLoop.get(node.scheduler(), () -> {
                List<NodeId> out = new ArrayList<>();
                for (var bucket : node.routingTable().bucketsSnapshot().values()) {
                    for (var e : bucket) {
                        Contact c = dead.get(e.id());
                        if (c != null && c.address().equals(e.address())) {
                            out.add(e.id());
                        }
                    }
                }
                return out;
            }), Duration.ofSeconds(10)));
        }
        return held;
    }

    private record Sweep(int checked, int passed, long nanos, long checkMillisP99) { }

    /** One live node checks up to 1,000 other live nodes at the level, {@code sweepConcurrency} at once. */
    private Sweep sweep(List<HealthNode> live, SplittableRandom random) {
        if (live.size() < 2) {
            return new Sweep(0, 0, 0, 0);
        }
        HealthNode checker = live.get(random.nextInt(live.size()));
        List<Contact> targets = new ArrayList<>();
        for (HealthNode h : live) {
            if (h != checker && targets.size() < SWEEP_SIZE) {
                targets.add(h.node().contact());
            }
        }
        long start = network.now();
        List<CheckOutcome> outcomes = network.driver().await(checker.sweep(targets, sweepConcurrency), Duration.ofHours(1));
        long nanos = network.now() - start;
        List<Long> each = outcomes.stream().filter(o -> o != null).map(CheckOutcome::nanos).sorted().toList();
        int passed = (int) outcomes.stream().filter(o -> o != null && o.verdict() == CheckOutcome.Verdict.PASSED).count();
        return new Sweep(targets.size(), passed, nanos, millis(percentile(each, 0.99)));
    }

    private static List<Integer> shuffledIndexes(int size, SplittableRandom random) {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i < size; i++) { // never the seed node
            out.add(i);
        }
        for (int i = out.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        return out;
    }

    private static long percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
