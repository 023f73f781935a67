package io.cqkd.keygen;

import java.time.Duration;

/**
 * What a key-generation run is asked for and how it may go about it.
 *
 * @param keyBits the key length lc
 * @param channel simulated channel noise and eavesdropper
 * @param qberThreshold abort when the error rate estimated on the disclosed sample exceeds this (11 %)
 * @param minSampleBits smallest disclosed sample: 64 bits catch an intercept-resend eavesdropper
 *     (25 % errors) with probability above 99 %; the sample is also at least a quarter of the key
 * @param deadline the whole run ends by then, with a clear error if unfinished
 * @param lease how long a worker keeps a role for this run
 * @param maxRounds rounds of operations before the run gives up on reaching enough sifted bits
 */
public record KeygenOptions(int keyBits, QuantumChannel channel, double qberThreshold, int minSampleBits,
                            Duration deadline, Duration lease, int maxRounds) {
    public KeygenOptions {
        if (keyBits < 1 || keyBits > 4096) {
            throw new IllegalArgumentException("desired key length must be 1 to 4096 bits, got " + keyBits);
        }
        if (!(qberThreshold > 0 && qberThreshold < 0.5)) {
            throw new IllegalArgumentException("QBER threshold must be in (0, 0.5), got " + qberThreshold);
        }
    }

    public static KeygenOptions of(int keyBits) {
        return new KeygenOptions(keyBits, QuantumChannel.IDEAL, 0.11, 64, Duration.ofMinutes(2), Duration.ofMinutes(2), 8);
    }

    public KeygenOptions withChannel(QuantumChannel value) {
        return new KeygenOptions(keyBits, value, qberThreshold, minSampleBits, deadline, lease, maxRounds);
    }

    public KeygenOptions withDeadline(Duration value) {
        return new KeygenOptions(keyBits, channel, qberThreshold, minSampleBits, value, lease, maxRounds);
    }

    /** Bits disclosed to estimate the error rate. */
    public int sampleBits() {
        return Math.max(minSampleBits, (keyBits + 3) / 4);
    }

    /** lk = ceil(2.5 lc): operations per role for a first round. */
    public static int operationsFor(int bits) {
        return (int) Math.ceil(2.5 * bits);
    }

    /**
     * Sifted bits a run gathers before it knows the error rate: the sample, and what privacy
     * amplification needs to output {@code keyBits} from an error-free channel. A noisier channel
     * makes the run gather more once the sample shows it.
     */
    public int siftedBitsPlanned() {
        return sampleBits() + PrivacyAmplification.reconciledBitsFor(keyBits, 0);
    }

    /** Workers a run needs at least: five roles per operation of the planned sifted bits. */
    public int workersNeeded() {
        return 5 * operationsFor(siftedBitsPlanned());
    }
}
