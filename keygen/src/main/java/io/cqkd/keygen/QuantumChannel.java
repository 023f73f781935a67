package io.cqkd.keygen;

import java.util.random.RandomGenerator;

/**
 * The simulated channel a photon crosses from the polariser to the meter. Noise flips the
 * polarisation within its basis with probability {@code noise} (a bit error after sifting). An
 * intercept-resend eavesdropper measures each photon in a random basis and sends on a new photon
 * prepared from what she read: when she picks the wrong basis (half the time), Bob's sifted bit is
 * wrong half the time, so she shows up as a 25 % error rate.
 */
public record QuantumChannel(double noise, boolean eavesdropper) {
    public static final QuantumChannel IDEAL = new QuantumChannel(0, false);

    public QuantumChannel {
        if (!(noise >= 0 && noise <= 0.5)) {
            throw new IllegalArgumentException("noise must be in [0, 0.5], got " + noise);
        }
    }

    public Photon transmit(Photon photon, RandomGenerator random) {
        Photon out = photon;
        if (eavesdropper) {
            Basis eve = random.nextBoolean() ? Basis.RECTILINEAR : Basis.DIAGONAL;
            out = Photon.polarize(photon.measure(eve, random), eve);
        }
        if (noise > 0 && random.nextDouble() < noise) {
            out = new Photon((out.polarizationDegrees() + 90) % 180);
        }
        return out;
    }
}
