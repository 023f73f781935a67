package io.cqkd.keygen;

import java.util.Locale;

/** The two ends of a key: who asks a base generator for a basis, or tells a collider theirs. */
enum Party {
    ALICE, BOB;

    /** "alice" or "bob" as sent on the wire; anything else is refused with a KRPC error. */
    static Party of(String text) {
        for (Party p : values()) {
            if (p.wire().equals(text)) {
                return p;
            }
        }
        throw Messages.refused("party must be alice or bob");
    }

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
