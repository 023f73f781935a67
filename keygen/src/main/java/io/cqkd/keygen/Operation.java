package io.cqkd.keygen;

import io.cqkd.wire.krpc.Contact;
import java.util.EnumMap;
import java.util.Map;

/** One CQKD operation as Alice sees it: its number, the worker of each role, and her spin and basis. */
final class Operation {
    final int index;
    final Map<Role, Contact> workers = new EnumMap<>(Role.class);
    int spin;
    Basis aliceBasis;

    Operation(int index) {
        this.index = index;
    }

    boolean has(Role role) {
        return workers.containsKey(role);
    }
}
