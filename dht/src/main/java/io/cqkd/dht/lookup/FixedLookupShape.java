package io.cqkd.dht.lookup;

import io.cqkd.wire.NodeId;

/**
 * The same shape for every lookup, by purpose only: k wide with alpha in flight for lookups a caller
 * or the join waits for; {@code refreshK} wide, one call at a time, for background bucket refreshes
 * (they only need a few live nodes of one bucket, and must not load a network that is joining). The
 * behaviour before phase 3, and its fallback ({@code FALLBACK_ALPHA}, {@code FALLBACK_K}).
 */
public record FixedLookupShape(int k, int alpha, int refreshK) implements LookupShape {
    @Override
    public Shape shape(NodeId target, LookupPurpose purpose) {
        return purpose == LookupPurpose.REFRESH ? new Shape(refreshK, 1) : new Shape(k, alpha);
    }
}
