package io.cqkd.keygen;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The last step of a run: both ends shorten the reconciled key with the same Toeplitz matrix (a
 * universal hash family, so the leftover hash lemma bounds what an eavesdropper who saw every
 * disclosed bit knows of the output). The output is shorter than the input by at least the bits
 * disclosed in reconciliation, the confirmation tag and a security margin. The matrix comes from a
 * public seed (Alice draws it, Bob is told it), expanded with SHA-256 in counter mode.
 */
final class PrivacyAmplification {
    /** Bits of the tag that confirms the reconciled keys equal: 2^-32 that unequal keys pass; disclosed. */
    static final int CONFIRMATION_BITS = 32;
    /**
     * Bits given up beyond what was disclosed (the leftover hash lemma's 2·log2(1/ε) for ε = 2^-16):
     * more buys a smaller chance that the key is distinguishable from random, for more operations.
     */
    static final int MARGIN_BITS = 32;
    /**
     * Cascade's first block when the sample showed errors, and when it showed none. Brassard and
     * Salvail's 0.73 / error rate suits keys of many thousand bits; on this system's few hundred,
     * measured over 400 keys of 300 bits (four passes): blocks of 8 left the keys different 0 times at
     * 2 % errors and once at 5 % (disclosing 30 % and 40 % of the bits), blocks of 16 four and twelve
     * times, blocks of 32 twenty-eight and sixty-eight times. A sample without errors still allows a
     * few percent (0 of 64 happens at 2 % one time in four), so it gets 16, not more: 12 % disclosed.
     */
    private static final int FIRST_BLOCK_WITH_ERRORS = 8;
    private static final int FIRST_BLOCK_WITHOUT_ERRORS = 16;
    /** Parities of the four passes' blocks: n / k1 · (1 + 1/2 + 1/4 + 1/8). */
    private static final double PASS_PARITIES = 1.875;

    private PrivacyAmplification() {
    }

    /** Cascade's first block size for the error rate {@code qber} measured on the sample. */
    static int firstBlockSize(double qber) {
        return qber > 0 ? FIRST_BLOCK_WITH_ERRORS : FIRST_BLOCK_WITHOUT_ERRORS;
    }

    /**
     * Reconciled bits a {@code keyBits} key needs at error rate {@code qber}: the key, the tag and the
     * margin, over the share of bits reconciliation is expected to leave undisclosed — the passes'
     * parities, and for each error a binary search of about log2(k1) + 1 parities, with a fifth to spare.
     */
    static int reconciledBitsFor(int keyBits, double qber) {
        return (int) Math.ceil((keyBits + CONFIRMATION_BITS + MARGIN_BITS) / (1 - disclosedShare(qber)));
    }

    /**
     * More bits to gather when reconciliation disclosed more than planned and {@code missingSecretBits}
     * are lacking: reconciled on their own, they disclose their share too (at least 32, so that their
     * passes have blocks to compare).
     */
    static int extraBitsFor(int missingSecretBits, double qber) {
        return Math.max(32, (int) Math.ceil(missingSecretBits / (1 - disclosedShare(qber))));
    }

    /** The share of reconciled bits reconciliation is expected to disclose at error rate {@code qber}. */
    private static double disclosedShare(double qber) {
        int k1 = firstBlockSize(qber);
        return Math.min(0.9, PASS_PARITIES / k1 + 1.2 * qber * (Math.log(k1) / Math.log(2) + 1));
    }

    /** {@code outBits} bits: the Toeplitz matrix of {@code seed} (outBits × n) times {@code bits}, over GF(2). */
    static List<Integer> toeplitz(List<Integer> bits, int outBits, byte[] seed) {
        int n = bits.size();
        boolean[] diagonal = expand(seed, n + outBits - 1); // T[i][j] = diagonal[i - j + n - 1]
        List<Integer> out = new ArrayList<>(outBits);
        for (int i = 0; i < outBits; i++) {
            int bit = 0;
            for (int j = 0; j < n; j++) {
                if (diagonal[i - j + n - 1]) {
                    bit ^= bits.get(j);
                }
            }
            out.add(bit);
        }
        return out;
    }

    /** The confirmation tag of {@code bits}: the first 32 bits of HMAC-SHA256 keyed by {@code seed}. */
    static long confirmationTag(List<Integer> bits, byte[] seed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(seed, "HmacSHA256"));
            byte[] digest = mac.doFinal(Messages.bits(bits).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return ByteBuffer.wrap(digest).getInt() & 0xFFFF_FFFFL;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    /** {@code count} pseudo-random bits from {@code seed}: SHA-256(seed, counter) blocks. */
    private static boolean[] expand(byte[] seed, int count) {
        boolean[] out = new boolean[count];
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            int produced = 0;
            for (int counter = 0; produced < count; counter++) {
                sha.update(seed);
                sha.update(ByteBuffer.allocate(4).putInt(counter).array());
                for (byte b : sha.digest()) {
                    for (int bit = 7; bit >= 0 && produced < count; bit--) {
                        out[produced++] = ((b >> bit) & 1) == 1;
                    }
                }
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
