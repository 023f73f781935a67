package io.cqkd.keygen;

import io.cqkd.wire.BDict;
import io.cqkd.wire.BList;
import io.cqkd.wire.BValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Error reconciliation in the manner of Cascade's passes: split the key into blocks, compare block
 * parities with Bob, and binary-search each block whose parity differs down to one bit, which Bob
 * flips. Four passes, each over a fresh permutation (shared by both from the process id) with blocks
 * twice as large, catch the errors an earlier pass paired up. Alice's key is never changed; only
 * parities cross the channel. Runs on Alice's loop.
 */
final class Reconciliation {
    private static final int[] BLOCK_SIZES = {8, 16, 32, 64};
    /** Key positions per parity request: keeps each datagram well under the packet limit. */
    private static final int MAX_POSITIONS = 400;

    private final List<Integer> alice;
    private final long seed;
    private final BiFunction<String, BDict.Builder, CompletableFuture<BDict>> bob;
    private int corrected;

    Reconciliation(List<Integer> alice, byte[] pid, BiFunction<String, BDict.Builder, CompletableFuture<BDict>> bob) {
        this.alice = alice;
        this.seed = java.nio.ByteBuffer.wrap(pid).getLong();
        this.bob = bob;
    }

    /** Completes with the number of bits Bob corrected. */
    CompletableFuture<Integer> run() {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int pass = 0; pass < BLOCK_SIZES.length; pass++) {
            int p = pass;
            chain = chain.thenCompose(v -> pass(p));
        }
        return chain.thenApply(v -> corrected);
    }

    private CompletableFuture<Void> pass(int pass) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < alice.size(); i++) {
            order.add(i);
        }
        if (pass > 0) {
            Collections.shuffle(order, new java.util.Random(new SplittableRandom(seed + pass).nextLong()));
        }
        List<List<Integer>> blocks = new ArrayList<>();
        for (int start = 0; start < order.size(); start += BLOCK_SIZES[pass]) {
            blocks.add(order.subList(start, Math.min(order.size(), start + BLOCK_SIZES[pass])));
        }
        return search(blocks);
    }

    /** Keeps the blocks whose parity differs from Bob's and narrows each down to one bit. */
    private CompletableFuture<Void> search(List<List<Integer>> blocks) {
        return parities(blocks).thenCompose(bobParities -> {
            List<List<Integer>> differing = new ArrayList<>();
            for (int i = 0; i < blocks.size(); i++) {
                if (parity(blocks.get(i)) != bobParities.get(i)) {
                    differing.add(blocks.get(i));
                }
            }
            return narrow(differing);
        });
    }

    /** Blocks known to hold an odd number of differences: halve until single bits, then flip them. */
    private CompletableFuture<Void> narrow(List<List<Integer>> blocks) {
        List<Integer> flips = new ArrayList<>();
        List<List<Integer>> halves = new ArrayList<>();
        List<List<Integer>> wholes = new ArrayList<>();
        for (List<Integer> block : blocks) {
            if (block.size() == 1) {
                flips.add(block.get(0));
            } else {
                halves.add(block.subList(0, block.size() / 2));
                wholes.add(block);
            }
        }
        CompletableFuture<Void> flipped = flips.isEmpty() ? CompletableFuture.completedFuture(null)
                : bob.apply(Methods.FLIP, BDict.builder().put("positions", Messages.ints(flips))).thenAccept(r ->
                        corrected += flips.size());
        if (halves.isEmpty()) {
            return flipped;
        }
        return flipped.thenCompose(v -> parities(halves)).thenCompose(firstHalf -> {
            List<List<Integer>> next = new ArrayList<>();
            for (int i = 0; i < halves.size(); i++) {
                List<Integer> block = wholes.get(i);
                next.add(parity(halves.get(i)) != firstHalf.get(i) ? halves.get(i)
                        : block.subList(block.size() / 2, block.size()));
            }
            return narrow(next);
        });
    }

    /** Bob's parities of {@code blocks}, asked in datagram-sized chunks. */
    private CompletableFuture<List<Integer>> parities(List<List<Integer>> blocks) {
        List<Integer> out = new ArrayList<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        int start = 0;
        while (start < blocks.size()) {
            int end = start;
            int positions = 0;
            while (end < blocks.size() && (end == start || positions + blocks.get(end).size() <= MAX_POSITIONS)) {
                positions += blocks.get(end++).size();
            }
            List<BValue> lists = new ArrayList<>();
            blocks.subList(start, end).forEach(b -> lists.add(Messages.ints(b)));
            chain = chain.thenCompose(v -> bob.apply(Methods.PARITY, BDict.builder().put("blocks", new BList(lists)))
                    .thenAccept(r -> out.addAll(Messages.bits(r.requireString("parities").asUtf8()))));
            start = end;
        }
        return chain.thenApply(v -> out);
    }

    private int parity(List<Integer> positions) {
        int p = 0;
        for (int i : positions) {
            p ^= alice.get(i);
        }
        return p;
    }
}
