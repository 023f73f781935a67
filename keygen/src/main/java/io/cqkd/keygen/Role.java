package io.cqkd.keygen;

/** The five worker roles of one CQKD operation (see DESIGN.md §1). */
public enum Role {
    /** Quantum spin generator: a random bit. */
    QSG,
    /** Base generator: a random basis, once for Alice and once for Bob. */
    BG,
    /** Photon polariser: polarisation from (spin, basis). */
    QPP,
    /** Photon meter: measures the photon in Bob's basis. */
    QPM,
    /** Photon collider: sifting, whether Alice's and Bob's bases match. */
    QPC
}
