package io.cqkd.keygen;

import java.util.List;

/**
 * The outcome of a run. When {@code aborted}, there is no key and {@code abortReason} says why (the
 * error rate above the threshold, or the reconciliation failing).
 *
 * @param processId the run's process id (Bob keeps his key under it)
 * @param aliceKey Alice's key bits, exactly {@code keyBits} of them, or empty when aborted
 * @param qber error rate estimated on the disclosed sample
 * @param operations operations run (all rounds)
 * @param workers distinct workers recruited
 * @param corrected bits Bob corrected while reconciling
 * @param durationNanos from the request to this result, earlier runs of it included
 * @param restarts fresh runs started because workers died under an earlier one (the other figures
 *     are the last run's)
 * @param disclosure what the run disclosed and what privacy amplification took off; null when it
 *     aborted before reconciling
 */
public record KeyResult(byte[] processId, int keyBits, List<Integer> aliceKey, boolean aborted, String abortReason,
                        double qber, int sampleBits, int operations, int workers, int rounds, int corrected,
                        long durationNanos, int restarts, Disclosure disclosure) {

    /** This result, after {@code count} earlier runs of the same request were given up, {@code total} after it. */
    public KeyResult withRestarts(int count, long totalNanos) {
        return new KeyResult(processId, keyBits, aliceKey, aborted, abortReason, qber, sampleBits, operations, workers,
                rounds, corrected, totalNanos, count, disclosure);
    }

    public String keyHex() {
        return toHex(aliceKey);
    }

    /** Bits as hex, most significant first; the last digit is padded with zero bits. */
    public static String toHex(List<Integer> bits) {
        if (bits == null) {
            return null;
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < bits.size(); i += 4) {
            int nibble = 0;
            for (int j = 0; j < 4; j++) {
                nibble = (nibble << 1) | (i + j < bits.size() ? bits.get(i + j) : 0);
            }
            hex.append(Character.forDigit(nibble, 16));
        }
        return hex.toString();
    }
}
