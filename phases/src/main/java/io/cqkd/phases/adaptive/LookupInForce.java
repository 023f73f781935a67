package io.cqkd.phases.adaptive;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.async.OnLoop;
import io.cqkd.dht.lookup.LookupPurpose;
import io.cqkd.dht.lookup.LookupShape;
import io.cqkd.wire.NodeId;
import java.util.concurrent.TimeUnit;

/** The shape a lookup started now on a node would get: what the metrics show as alpha and k in force. */
record LookupInForce(int alpha, int width) {
    /** Asks the node's loop (a metrics scrape is off it); nothing (0, 0) when there is no node or it is busy. */
    static LookupInForce of(DhtNode node) {
        if (node == null) {
            return new LookupInForce(0, 0);
        }
        try {
            LookupShape.Shape shape = OnLoop.get(node.scheduler(),
                    () -> node.control().policies().lookupShape().shape(NodeId.zero(), LookupPurpose.FIND)).get(1, TimeUnit.SECONDS);
            return new LookupInForce(shape.alpha(), shape.width());
        } catch (Exception e) {
            return new LookupInForce(0, 0);
        }
    }
}
