package io.cqkd.phases.health;

import io.cqkd.wire.krpc.Contact;

/**
 * Hears every death a node's detector declares: the phase logs them, the scale harness checks each
 * against the truth (a live node declared dead is a false positive). Called on the declaring
 * node's loop; must be quick.
 */
@FunctionalInterface
public interface DeathWitness {
    void declared(Contact by, Contact peer, String reason);

    DeathWitness NONE = (by, peer, reason) -> { };
}
