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

    /** The name in commands, logs and metric labels: bootstrap, worker, alice, bob. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Only a bootstrap node may start a network of its own when it finds nobody to join. */
    public boolean mayFoundNetwork() {
        return this == BOOTSTRAP;
    }
}
