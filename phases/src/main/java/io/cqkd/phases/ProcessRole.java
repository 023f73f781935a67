package io.cqkd.phases;

import java.util.Locale;

/** What the nodes of one process are: the roles of `cqkd bootstrap | worker | alice | bob`. */
public enum ProcessRole {
    /** Joins others through it; the first one up, with nobody to join, founds the network. */
    BOOTSTRAP,
    /** Leases CQKD roles (QSG, BG, QPP, QPM, QPC) to Alice. */
    WORKER,
    /** Runs key generation and serves the key API. */
    ALICE,
    /** Alice's partner in key generation. */
    BOB;

    /**
     * Calls Alice's node may have awaiting their answer at once. She alone calls every worker of a
     * run (2,400 for a 128-bit key), and right after a worker process dies a few hundred of those
     * calls wait out their timeouts: with a worker's bound (512) they filled her slots, and the
     * run's own messages were refused. One node per process, so the larger bound costs little.
     */
    public static final int ALICE_CALL_SLOTS = 4_096;

    /** The call bound of this role's nodes: {@link #ALICE_CALL_SLOTS} for Alice, {@code usual} for the others. */
    public int callSlots(int usual) {
        return this == ALICE ? Math.max(usual, ALICE_CALL_SLOTS) : usual;
    }

    /** The name in commands, logs and metric labels: bootstrap, worker, alice, bob. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Only a bootstrap node may start a network of its own when it finds nobody to join. */
    public boolean mayFoundNetwork() {
        return this == BOOTSTRAP;
    }
}
