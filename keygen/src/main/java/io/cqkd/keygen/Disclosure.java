package io.cqkd.keygen;

/**
 * What a run disclosed on the public channel, and what privacy amplification took off for it.
 *
 * @param sampleBits bits disclosed to estimate the error rate (dropped from the key)
 * @param reconciledBits bits reconciled: the input of privacy amplification
 * @param parityBits parities Bob disclosed while reconciling
 * @param confirmationBits bits of the tag that confirmed the reconciled keys equal
 * @param marginBits bits given up beyond what was disclosed
 */
public record Disclosure(int sampleBits, int reconciledBits, int parityBits, int confirmationBits, int marginBits) {
    /** Bits disclosed about the reconciled key: the parities and the tag (the sample is not part of it). */
    public int disclosedBits() {
        return parityBits + confirmationBits;
    }

    /** The longest key privacy amplification may output: reconciled bits less the disclosed ones and the margin. */
    public int secretBits() {
        return reconciledBits - disclosedBits() - marginBits;
    }
}
