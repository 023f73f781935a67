package io.cqkd.keygen;

import java.util.random.RandomGenerator;

/**
 * A polarised photon and the physics the roles compute on it. The polariser (QPP) maps (spin,
 * basis) to 0°, 90° (+) or 45°, 135° (x); the meter (QPM) reads it in a basis: with θ the angle
 * between the polarisation and the basis's first axis, folded into [0°, 90°], it reads bit 0 with
 * probability cos²θ. Same basis: θ is 0° or 90° and the bit is the spin; other basis: θ is 45° and
 * the bit is a coin toss.
 */
public record Photon(int polarizationDegrees) {
    public Photon {
        if (polarizationDegrees % 45 != 0 || polarizationDegrees < 0 || polarizationDegrees >= 180) {
            throw new IllegalArgumentException("polarisation must be 0, 45, 90 or 135 degrees, got " + polarizationDegrees);
        }
    }

    public static Photon polarize(int spin, Basis basis) {
        return new Photon(basis.firstAxisDegrees() + (spin == 0 ? 0 : 90));
    }

    /** θ in [0°, 90°] between this polarisation and the basis's first axis. */
    public int angleTo(Basis basis) {
        int theta = Math.abs(polarizationDegrees - basis.firstAxisDegrees()) % 180;
        return theta > 90 ? 180 - theta : theta;
    }

    public int measure(Basis basis, RandomGenerator random) {
        double cos = Math.cos(Math.toRadians(angleTo(basis)));
        return random.nextDouble() < cos * cos ? 0 : 1;
    }

    /** The basis this photon was prepared in (what a meter can tell from the angle). */
    public Basis preparedIn() {
        return polarizationDegrees % 90 == 0 ? Basis.RECTILINEAR : Basis.DIAGONAL;
    }
}
