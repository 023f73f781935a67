package io.cqkd.keygen;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Key generation in a simulated network of 7,000 workers, fixed seeds. The tests share the network
 * and leave it as they found it (every lease is given back), so their order does not matter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyGenerationTest {
    private KeygenNetwork net;

    @BeforeAll
    void network() {
        net = new KeygenNetwork(7000, 2026);
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {1, 8, 128, 256})
    void aliceAndBobEndWithTheSameKeyOfExactlyTheRequestedLength(int bits) {
        KeyResult r = net.generate(KeygenOptions.of(bits).withDeadline(Duration.ofMinutes(10)));
        assertThat(r.aborted()).as(r.abortReason()).isFalse();
        assertThat(r.aliceKey()).hasSize(bits);
        assertThat(net.bobKey(r)).isEqualTo(r.aliceKey());
        assertThat(r.qber()).isZero();
        assertThat(r.operations()).isGreaterThanOrEqualTo(KeygenOptions.operationsFor(bits + r.sampleBits()));
    }

    @Test
    void keyBitsAreUnbiasedOverManyRuns() {
        long ones = 0;
        long[] pairs = new long[4];
        int total = 0;
        for (int run = 0; run < 12; run++) {
            KeyResult r = net.generate(KeygenOptions.of(128));
            assertThat(net.bobKey(r)).isEqualTo(r.aliceKey());
            List<Integer> key = r.aliceKey();
            for (int i = 0; i < key.size(); i++) {
                ones += key.get(i);
                if (i % 2 == 1) {
                    pairs[key.get(i - 1) * 2 + key.get(i)]++;
                }
            }
            total += key.size();
        }
        double half = total / 2.0;
        double chiBits = Math.pow(ones - half, 2) / half + Math.pow(total - ones - half, 2) / half;
        double quarter = total / 8.0; // total / 2 pairs, a quarter each
        double chiPairs = 0;
        for (long p : pairs) {
            chiPairs += Math.pow(p - quarter, 2) / quarter;
        }
        // Critical values at p = 0.001: 10.83 (1 degree of freedom), 16.27 (3).
        assertThat(chiBits).as("chi-square of ones and zeros over %d bits", total).isLessThan(10.83);
        assertThat(chiPairs).as("chi-square of bit pairs").isLessThan(16.27);
    }

    @Test
    void anInterceptResendEavesdropperMakesEveryRunAbort() {
        for (int run = 0; run < 5; run++) {
            KeyResult r = net.generate(KeygenOptions.of(64).withChannel(new QuantumChannel(0, true)));
            assertThat(r.aborted()).isTrue();
            assertThat(r.aliceKey()).isEmpty();
            assertThat(r.abortReason()).contains("above the 11.0 % threshold");
            assertThat(r.qber()).isGreaterThan(0.11);
            assertThat(net.bobKey(r)).isNull();
        }
    }

    @Test
    void withTwoPercentNoiseRunsSucceedWithMatchingKeysAndAQberNearTwoPercent() {
        double qberSum = 0;
        int runs = 6;
        int corrected = 0;
        for (int run = 0; run < runs; run++) {
            long bobDisclosedBefore = net.await(net.bob.paritiesDisclosed());
            KeyResult r = net.generate(KeygenOptions.of(128).withChannel(new QuantumChannel(0.02, false)));
            assertThat(r.aborted()).as(r.abortReason()).isFalse();
            assertThat(net.bobKey(r)).isEqualTo(r.aliceKey()).hasSize(128);
            // Privacy amplification took off every parity Bob disclosed (his own count), the tag and the margin.
            Disclosure d = r.disclosure();
            assertThat((long) d.parityBits()).isEqualTo(net.await(net.bob.paritiesDisclosed()) - bobDisclosedBefore);
            assertThat(d.reconciledBits() - d.parityBits() - d.confirmationBits() - d.marginBits())
                    .isGreaterThanOrEqualTo(128);
            qberSum += r.qber();
            corrected += r.corrected();
        }
        assertThat(qberSum / runs).isBetween(0.005, 0.045);
        assertThat(corrected).as("noise made errors that reconciliation corrected").isPositive();
    }
}
