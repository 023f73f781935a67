package io.cqkd.dht.lookup;

import io.cqkd.wire.NodeId;

/**
 * The shape of a lookup: how many closest nodes it must hear from (its width) and how many calls it
 * keeps in flight (alpha). The seam of phase 3 (alpha and k by network size and load). Asked on the
 * node's loop when a lookup starts.
 */
public interface LookupShape {
    /** Width and alpha of a lookup of {@code target} run for {@code purpose}. */
    Shape shape(NodeId target, LookupPurpose purpose);

    /**
     * @param width the lookup ends when this many of the closest nodes it met have answered: more
     *     finds the target more surely under churn, at more messages per lookup
     * @param alpha calls in flight at once: more cuts latency when nodes are slow or dead, at the
     *     cost of redundant messages when they are not
     */
    record Shape(int width, int alpha) {
        public Shape {
            if (width < 1 || alpha < 1) {
                throw new IllegalArgumentException("width and alpha must be >= 1, got " + width + ", " + alpha);
            }
        }
    }
}
