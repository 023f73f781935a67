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
 * Error reconciliation by Cascade (Brassard–Salvail): split the key into blocks, compare block
 * parities with Bob, and binary-search each block whose parity differs down to one bit, which Bob
 * flips. Four passes, each over a fresh permutation (shared by both from the process id) with blocks
 * twice as large, catch the errors an earlier pass paired up, and each flip re-opens the blocks of
 * earlier passes that it leaves differing; the first block size comes from the
 * error rate ({@link PrivacyAmplification#firstBlockSize}). Alice's key is never changed; only
 * parities cross the channel, and every parity Bob discloses is counted: privacy amplification
 * takes them off the key. Runs on Alice's loop.
 */
final class Reconciliation {
    private static final int PASSES = 4;
    /** Key positions per parity request: keeps each datagram well under the packet limit. */
    private static final int MAX_POSITIONS = 400;

    private final List<Integer> alice;
    private final long seed;
    private final BiFunction<String, BDict.Builder, CompletableFuture<BDict>> bob;
    private final int firstBlock;
    private final int offset;
    private int corrected;
    private int disclosed;
    /** The passes so far: their blocks, each position's block, and Bob's parity of each block as of now. */
    private final List<Pass> passes = new ArrayList<>();

    private record Pass(List<List<Integer>> blocks, int[] blockOf, int[] bobParities) {}

    /**
     * Reconciles {@code alice}, which is Bob's key from position {@code offset} on (the bits gathered
     * after an earlier reconciliation are reconciled on their own).
     */
    Reconciliation(List<Integer> alice, int offset, byte[] pid, int firstBlock,
                   BiFunction<String, BDict.Builder, CompletableFuture<BDict>> bob) {
        this.alice = alice;
        this.offset = offset;
        this.seed = java.nio.ByteBuffer.wrap(pid).getLong();
        this.firstBlock = firstBlock;
        this.bob = bob;
    }

    /** Parities Bob disclosed so far. */
    int disclosed() {
        return disclosed;
    }

    /** Completes with the number of bits Bob corrected. */
    CompletableFuture<Integer> run() {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int pass = 0; pass < PASSES; pass++) {
            int p = pass;
            chain = chain.thenCompose(v -> pass(p));
        }
        return chain.thenApply(v -> corrected);
    }

    /** Splits a fresh permutation into blocks, learns Bob's parities of them, then settles every pass so far. */
    private CompletableFuture<Void> pass(int pass) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < alice.size(); i++) {
            order.add(i);
        }
        if (pass > 0) {
            Collections.shuffle(order, new java.util.Random(new SplittableRandom(seed + pass).nextLong()));
        }
        List<List<Integer>> blocks = new ArrayList<>();
        int[] blockOf = new int[alice.size()];
        int size = firstBlock << pass;
        for (int start = 0; start < order.size(); start += size) {
            List<Integer> block = order.subList(start, Math.min(order.size(), start + size));
            block.forEach(position -> blockOf[position] = blocks.size());
            blocks.add(block);
        }
        return parities(blocks).thenCompose(bobParities -> {
            passes.add(new Pass(blocks, blockOf, bobParities.stream().mapToInt(Integer::intValue).toArray()));
            return settle();
        });
    }

    /**
     * Cascade's step back: while a block of any pass so far holds an odd number of differences
     * (Alice's parity differs from Bob's, which every flip updates), narrows those blocks to one bit
     * each and has Bob flip them. A flip found in a later pass thus re-opens the blocks of the earlier
     * passes that hid a second error beside it.
     */
    private CompletableFuture<Void> settle() {
        List<List<Integer>> differing = new ArrayList<>();
        for (Pass pass : passes) {
            for (int b = 0; b < pass.blocks.size(); b++) {
                if (parity(pass.blocks.get(b)) != pass.bobParities[b]) {
                    differing.add(pass.blocks.get(b));
                }
            }
        }
        if (differing.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return narrow(differing).thenCompose(found -> {
            List<Integer> flips = new ArrayList<>(new java.util.TreeSet<>(found)); // two blocks may meet at one bit
            return bob.apply(Methods.FLIP, BDict.builder().put("positions", Messages.ints(atBob(flips)))).thenCompose(r -> {
                corrected += flips.size();
                for (int position : flips) {
                    for (Pass pass : passes) {
                        pass.bobParities[pass.blockOf[position]] ^= 1;
                    }
                }
                return settle();
            });
        });
    }

    /** Blocks known to hold an odd number of differences: halved until single bits, whose positions it completes with. */
    private CompletableFuture<List<Integer>> narrow(List<List<Integer>> blocks) {
        List<Integer> found = new ArrayList<>();
        List<List<Integer>> halves = new ArrayList<>();
        List<List<Integer>> wholes = new ArrayList<>();
        for (List<Integer> block : blocks) {
            if (block.size() == 1) {
                found.add(block.get(0));
            } else {
                halves.add(block.subList(0, block.size() / 2));
                wholes.add(block);
            }
        }
        if (halves.isEmpty()) {
            return CompletableFuture.completedFuture(found);
        }
        return parities(halves).thenCompose(firstHalf -> {
            List<List<Integer>> next = new ArrayList<>();
            for (int i = 0; i < halves.size(); i++) {
                List<Integer> block = wholes.get(i);
                next.add(parity(halves.get(i)) != firstHalf.get(i) ? halves.get(i)
                        : block.subList(block.size() / 2, block.size()));
            }
            return narrow(next).thenApply(deeper -> {
                found.addAll(deeper);
                return found;
            });
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
            blocks.subList(start, end).forEach(b -> lists.add(Messages.ints(atBob(b))));
            chain = chain.thenCompose(v -> bob.apply(Methods.PARITY, BDict.builder().put("blocks", new BList(lists)))
                    .thenAccept(r -> {
                        List<Integer> parities = Messages.bits(r.requireString("parities").asUtf8());
                        disclosed += parities.size();
                        out.addAll(parities);
                    }));
            start = end;
        }
        return chain.thenApply(v -> out);
    }

    /** Positions in Bob's key. */
    private List<Integer> atBob(List<Integer> positions) {
        return offset == 0 ? positions : positions.stream().map(p -> p + offset).toList();
    }

    private int parity(List<Integer> positions) {
        int p = 0;
        for (int i : positions) {
            p ^= alice.get(i);
        }
        return p;
    }
}
