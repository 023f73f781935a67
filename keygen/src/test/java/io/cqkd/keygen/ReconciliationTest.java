package io.cqkd.keygen;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.wire.BDict;
import io.cqkd.wire.BInt;
import io.cqkd.wire.BList;
import io.cqkd.wire.BValue;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link Reconciliation} against a Bob kept in memory, who answers parity requests and flips bits. */
class ReconciliationTest {
    private static final byte[] PID = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

    /** Bob's side of the parity exchange, counting what he discloses. */
    private static final class MemoryBob {
        final List<Integer> key;
        int paritiesDisclosed;
        int largestRequest;

        MemoryBob(List<Integer> key) {
            this.key = new ArrayList<>(key);
        }

        CompletableFuture<BDict> answer(String method, BDict.Builder args) {
            BDict a = args.build();
            if (method.equals(Methods.PARITY)) {
                StringBuilder parities = new StringBuilder();
                int positions = 0;
                for (BValue block : a.requireList("blocks").items()) {
                    int parity = 0;
                    for (BValue p : ((BList) block).items()) {
                        parity ^= key.get((int) ((BInt) p).value());
                        positions++;
                    }
                    parities.append(parity);
                    paritiesDisclosed++;
                }
                largestRequest = Math.max(largestRequest, positions);
                return CompletableFuture.completedFuture(BDict.builder().put("parities", parities.toString()).build());
            }
            for (int p : Messages.ints(a, "positions")) {
                key.set(p, 1 - key.get(p));
            }
            return CompletableFuture.completedFuture(BDict.empty());
        }
    }

    private static List<Integer> randomBits(int n, SplittableRandom random) {
        List<Integer> bits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bits.add(random.nextInt(2));
        }
        return bits;
    }

    @Test
    void equalKeysDiscloseParitiesButChangeNothing() {
        List<Integer> alice = randomBits(256, new SplittableRandom(1));
        MemoryBob bob = new MemoryBob(alice);
        int corrected = new Reconciliation(alice, 0, PID, 8, bob::answer).run().join();
        assertThat(corrected).isZero();
        assertThat(bob.key).isEqualTo(alice);
        // One parity per block in each of the four passes (8, 16, 32 and 64 bits): 32 + 16 + 8 + 4.
        assertThat(bob.paritiesDisclosed).isEqualTo(60);
    }

    @Test
    void aLargerFirstBlockDisclosesFewerParities() {
        List<Integer> alice = randomBits(256, new SplittableRandom(1));
        MemoryBob bob = new MemoryBob(alice);
        new Reconciliation(alice, 0, PID, 32, bob::answer).run().join();
        // Blocks of 32, 64, 128 and 256 bits: 8 + 4 + 2 + 1.
        assertThat(bob.paritiesDisclosed).isEqualTo(15);
    }

    @Test
    void aSingleErrorIsFoundByBinarySearchAndFlipped() {
        List<Integer> alice = randomBits(128, new SplittableRandom(2));
        List<Integer> bobKey = new ArrayList<>(alice);
        bobKey.set(77, 1 - bobKey.get(77));
        MemoryBob bob = new MemoryBob(bobKey);
        int corrected = new Reconciliation(alice, 0, PID, 8, bob::answer).run().join();
        assertThat(corrected).isEqualTo(1);
        assertThat(bob.key).isEqualTo(alice);
    }

    @Test
    void fiveErrorsIn256BitsEndEqualForThisSeed() {
        SplittableRandom random = new SplittableRandom(5);
        List<Integer> alice = randomBits(256, random);
        List<Integer> bobKey = new ArrayList<>(alice);
        for (int p : new int[] {3, 40, 41, 150, 255}) {
            bobKey.set(p, 1 - bobKey.get(p));
        }
        MemoryBob bob = new MemoryBob(bobKey);
        assertThat(new Reconciliation(alice, 0, PID, 8, bob::answer).run().join()).isEqualTo(5);
        assertThat(bob.key).isEqualTo(alice);
    }

    /**
     * Whatever the errors: Alice's key never changes, every flip lands on a bit where the keys differed
     * (so the differences left are the errors minus the flips), one error is always found, and every
     * request fits a datagram. (Several errors can pair up in every pass and survive: the run's final
     * hash check catches that, and the key-generation tests show it is rare at a few percent.)
     */
    @Property(tries = 200)
    void flipsOnlyEverRepairAndAliceNeverChanges(@ForAll long seed, @ForAll @IntRange(min = 0, max = 12) int errors) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> alice = randomBits(256, random);
        List<Integer> aliceBefore = List.copyOf(alice);
        List<Integer> bobKey = new ArrayList<>(alice);
        List<Integer> positions = new ArrayList<>();
        while (positions.size() < errors) {
            int p = random.nextInt(256);
            if (!positions.contains(p)) {
                positions.add(p);
                bobKey.set(p, 1 - bobKey.get(p));
            }
        }
        MemoryBob bob = new MemoryBob(bobKey);
        Reconciliation reconciliation = new Reconciliation(alice, 0, PID, 8, bob::answer);
        int corrected = reconciliation.run().join();
        assertThat(alice).isEqualTo(aliceBefore);
        assertThat(reconciliation.disclosed()).as("parities counted for privacy amplification")
                .isEqualTo(bob.paritiesDisclosed);
        int remaining = 0;
        for (int i = 0; i < alice.size(); i++) {
            remaining += alice.get(i).equals(bob.key.get(i)) ? 0 : 1;
        }
        assertThat(remaining).isEqualTo(errors - corrected);
        if (errors <= 1) {
            assertThat(remaining).isZero();
        }
        assertThat(bob.largestRequest).as("positions per parity request").isLessThanOrEqualTo(400);
    }
}
