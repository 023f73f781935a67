package io.cqkd.keygen;

import java.util.EnumMap;
import java.util.Map;

/**
 * What a worker remembers of one operation under its lease. Which fields are used depends on its
 * role: a QSG its spin; a BG the basis it gave each party (asked again, it gives the same one); a QPM
 * the photon that arrived and the bit it measured; a QPC the basis each party announced.
 */
final class OperationState {
    Integer spin;
    final Map<Party, Basis> bases = new EnumMap<>(Party.class);
    Photon photon;
    Integer bit;
}
