package io.cqkd.keygen;

import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.cluster.Cluster;
import io.cqkd.dht.cluster.SimDriver;
import io.cqkd.keygen.channel.AuthenticatedChannel;
import io.cqkd.keygen.channel.ChannelKeys;
import io.cqkd.transport.sim.SimNetwork;
import io.cqkd.wire.Ed25519KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/** A simulated network with workers, Alice and Bob, for key-generation tests. */
final class KeygenNetwork {
    final SimNetwork sim;
    final Cluster cluster;
    final List<DhtNode> workers;
    final DhtNode aliceNode;
    final DhtNode bobNode;
    final AliceService alice;
    final BobService bob;
    /** Alice's and Bob's ends of their channel (and the refusals each counted). */
    final AuthenticatedChannel aliceChannel;
    final AuthenticatedChannel bobChannel;
    final List<WorkerService> workerServices = new java.util.ArrayList<>();

    KeygenNetwork(int workerCount, long seed) {
        this(workerCount, seed, DhtConfig.defaults());
    }

    /** As {@link #KeygenNetwork(int, long)}, Alice's node configured with {@code aliceConfig}. */
    KeygenNetwork(int workerCount, long seed, DhtConfig aliceConfig) {
        sim = new SimNetwork(seed);
        cluster = new Cluster(sim, new SimDriver(sim), seed);
        List<DhtNode> nodes = new java.util.ArrayList<>(cluster.startNodes(1, DhtConfig.defaults(), i -> null));
        nodes.addAll(cluster.startNodes(1, aliceConfig, i -> null));
        nodes.addAll(cluster.startNodes(workerCount + 1, DhtConfig.defaults(), i -> null));
        DhtNode seedNode = nodes.get(0);
        aliceNode = nodes.get(1);
        bobNode = nodes.get(2);
        workers = nodes.subList(3, nodes.size());
        SplittableRandom random = new SplittableRandom(seed ^ 0x5EEDL);
        for (DhtNode w : workers) {
            workerServices.add(new WorkerService(w, random.split(), 4));
        }
        Ed25519KeyPair aliceKey = Ed25519KeyPair.fromSeed(seedBytes(random));
        Ed25519KeyPair bobKey = Ed25519KeyPair.fromSeed(seedBytes(random));
        aliceChannel = AuthenticatedChannel.of(new ChannelKeys(aliceKey, bobKey.publicKey()));
        bobChannel = AuthenticatedChannel.of(new ChannelKeys(bobKey, aliceKey.publicKey()));
        bob = new BobService(bobNode, bobChannel);
        alice = new AliceService(aliceNode, bobNode.contact(), aliceChannel, random.split());
        var joined = await(cluster.joinAll(nodes.subList(1, nodes.size()), List.of(seedNode.address()), 64));
        if (joined.contains(null)) {
            throw new AssertionError("some nodes failed to join");
        }
    }

    private static byte[] seedBytes(SplittableRandom random) {
        byte[] seed = new byte[Ed25519KeyPair.SEED_BYTES];
        random.nextBytes(seed);
        return seed;
    }

    <T> T await(CompletableFuture<T> future) {
        return cluster.driver().await(future, Duration.ofHours(1));
    }

    KeyResult generate(KeygenOptions options) {
        return await(alice.generate(options));
    }

    /** Workers holding a lease now. */
    List<DhtNode> leased() {
        List<DhtNode> out = new java.util.ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            if (workerServices.get(i).activeLeases() > 0) {
                out.add(workers.get(i));
            }
        }
        return out;
    }

    /** Runs the simulation until {@code count} workers hold a lease (a minute of virtual time at most). */
    void awaitLeases(int count) {
        sim.runUntil(() -> leased().size() >= count, Duration.ofMinutes(1));
    }

    /** Crashes each of {@code nodes} with chance 1 in {@code oneIn}, drawn from {@code seed}; how many it crashed. */
    int crashOneIn(List<DhtNode> nodes, int oneIn, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int crashed = 0;
        for (DhtNode node : nodes) {
            if (random.nextInt(oneIn) == 0) {
                sim.crash(node.address());
                crashed++;
            }
        }
        return crashed;
    }

    List<Integer> bobKey(KeyResult r) {
        return await(bob.keyOf(r.processId()));
    }
}
