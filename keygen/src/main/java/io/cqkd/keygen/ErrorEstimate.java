package io.cqkd.keygen;

import io.cqkd.wire.BDict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;

/**
 * The error rate of a run, estimated on a sample of the sifted bits chosen at random and disclosed
 * by both sides. Disclosed bits are public: both drop them and keep the rest.
 * Runs on Alice's loop.
 */
final class ErrorEstimate {
    private ErrorEstimate() {}

    /**
     * Discloses {@code sampleBits} of {@code aliceBits} (chosen with {@code random}) and compares them
     * with Bob's; leaves {@code aliceBits} holding the undisclosed bits and completes with the share
     * of disclosed bits that differed.
     */
    static CompletableFuture<Double> sample(List<Integer> aliceBits, int sampleBits, RandomGenerator random,
                                            BiFunction<String, BDict.Builder, CompletableFuture<BDict>> bob) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < aliceBits.size(); i++) {
            order.add(i);
        }
        for (int i = order.size() - 1; i > 0; i--) {
            Collections.swap(order, i, random.nextInt(i + 1));
        }
        List<Integer> positions = new ArrayList<>(order.subList(0, sampleBits));
        positions.sort(null);
        return bob.apply(Methods.SAMPLE, BDict.builder().put("positions", Messages.ints(positions)).put("keep", aliceBits.size() - sampleBits))
                .thenApply(r -> {
                    List<Integer> bobSample = Messages.bits(r.requireString("bits").asUtf8());
                    int errors = 0;
                    for (int i = 0; i < positions.size(); i++) {
                        errors += aliceBits.get(positions.get(i)).equals(bobSample.get(i)) ? 0 : 1;
                    }
                    Set<Integer> disclosed = new HashSet<>(positions);
                    List<Integer> kept = new ArrayList<>();
                    for (int i = 0; i < aliceBits.size(); i++) {
                        if (!disclosed.contains(i)) {
                            kept.add(aliceBits.get(i));
                        }
                    }
                    aliceBits.clear();
                    aliceBits.addAll(kept);
                    return (double) errors / positions.size();
                });
    }
}
