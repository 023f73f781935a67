package io.cqkd.dht;

import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.wire.BValue;

/** A BEP 44 get: the verified value (null when none was found), its seq for a mutable item. */
public record GetResult(BValue value, Long seq, LookupResult lookup) {
    public boolean found() {
        return value != null;
    }
}
