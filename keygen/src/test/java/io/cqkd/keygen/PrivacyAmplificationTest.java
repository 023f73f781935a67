package io.cqkd.keygen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PrivacyAmplificationTest {
    private static List<Integer> bits(int n, SplittableRandom random) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(random.nextInt(2));
        }
        return out;
    }

    private static byte[] seed(long value) {
        byte[] seed = new byte[32];
        new SplittableRandom(value).nextBytes(seed);
        return seed;
    }

    /** A Toeplitz hash is linear over GF(2): h(x xor y) = h(x) xor h(y), with h(0) = 0. */
    @Property(tries = 100)
    void theHashIsLinearAndHasTheAskedLength(@ForAll long s, @ForAll @IntRange(min = 1, max = 300) int n,
                                             @ForAll @IntRange(min = 1, max = 128) int out) {
        SplittableRandom random = new SplittableRandom(s);
        List<Integer> x = bits(n, random);
        List<Integer> y = bits(n, random);
        List<Integer> xor = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            xor.add(x.get(i) ^ y.get(i));
        }
        byte[] seed = seed(s);
        List<Integer> hx = PrivacyAmplification.toeplitz(x, out, seed);
        List<Integer> hy = PrivacyAmplification.toeplitz(y, out, seed);
        List<Integer> hxor = PrivacyAmplification.toeplitz(xor, out, seed);
        assertThat(hx).hasSize(out);
        for (int i = 0; i < out; i++) {
            assertThat(hxor.get(i)).isEqualTo(hx.get(i) ^ hy.get(i));
        }
        assertThat(PrivacyAmplification.toeplitz(new ArrayList<>(java.util.Collections.nCopies(n, 0)), out, seed))
                .containsOnly(0);
    }

    /** Each output bit is the parity of the input bits its row selects: a one-bit change flips about half. */
    @Test
    void oneFlippedInputBitChangesAboutHalfTheOutputAndAnotherSeedGivesAnotherKey() {
        SplittableRandom random = new SplittableRandom(9);
        List<Integer> key = bits(300, random);
        List<Integer> flipped = new ArrayList<>(key);
        flipped.set(150, 1 - flipped.get(150));
        List<Integer> a = PrivacyAmplification.toeplitz(key, 128, seed(1));
        List<Integer> b = PrivacyAmplification.toeplitz(flipped, 128, seed(1));
        List<Integer> c = PrivacyAmplification.toeplitz(key, 128, seed(2));
        int changed = 0;
        int differ = 0;
        for (int i = 0; i < 128; i++) {
            changed += a.get(i).equals(b.get(i)) ? 0 : 1;
            differ += a.get(i).equals(c.get(i)) ? 0 : 1;
        }
        assertThat(changed).isBetween(40, 88);
        assertThat(differ).isBetween(40, 88);
    }

    @Test
    void moreErrorsAskForMoreReconciledBitsAndTheErrorFreePlanLeavesTheKeyItsMargin() {
        int clean = PrivacyAmplification.reconciledBitsFor(128, 0);
        int noisy = PrivacyAmplification.reconciledBitsFor(128, 0.05);
        assertThat(clean).isGreaterThan(128 + PrivacyAmplification.CONFIRMATION_BITS + PrivacyAmplification.MARGIN_BITS);
        assertThat(noisy).isGreaterThan(clean);
        // With no error, the passes' parities of blocks of k1, 2k1, 4k1 and 8k1 bits are all that is disclosed.
        int k1 = PrivacyAmplification.firstBlockSize(0);
        Disclosure d = new Disclosure(64, clean, (int) Math.ceil(clean * 1.875 / k1),
                PrivacyAmplification.CONFIRMATION_BITS, PrivacyAmplification.MARGIN_BITS);
        assertThat(d.secretBits()).isGreaterThanOrEqualTo(128);
    }

    @Test
    void theTagDependsOnEveryBitAndOnTheSeed() {
        List<Integer> key = bits(200, new SplittableRandom(3));
        List<Integer> flipped = new ArrayList<>(key);
        flipped.set(0, 1 - flipped.get(0));
        long tag = PrivacyAmplification.confirmationTag(key, seed(1));
        assertThat(PrivacyAmplification.confirmationTag(List.copyOf(key), seed(1))).isEqualTo(tag);
        assertThat(PrivacyAmplification.confirmationTag(flipped, seed(1))).isNotEqualTo(tag);
        assertThat(PrivacyAmplification.confirmationTag(key, seed(2))).isNotEqualTo(tag);
        assertThat(tag).isBetween(0L, 0xFFFF_FFFFL);
    }
}
