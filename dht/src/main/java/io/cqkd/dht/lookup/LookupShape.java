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
     * @param waitForStalled true: a node whose call stalled is asked again (up to the attempt limit)
     *     and the lookup waits for it — no live node is left out for one lost datagram, but a slow or
     *     dead one costs several stalls; false: the lookup moves on to the next closest node at the
     *     first stall (a late answer still counts while it runs), waiting only for the target itself
     * @param maxAwaiting calls the lookup may have awaiting an answer, stalled ones included; at the
     *     bound it waits for one to answer or time out. An impatient lookup needs it: each stall frees
     *     an alpha slot while its call still holds one of the node's bounded call slots, so a lookup
     *     through many dead nodes would otherwise take slot after slot. More: faster past dead
     *     nodes; fewer: less of the node's call bound held by them
     */
    record Shape(int width, int alpha, boolean waitForStalled, int maxAwaiting) {
        public Shape {
            if (width < 1 || alpha < 1 || maxAwaiting < alpha) {
                throw new IllegalArgumentException("need width >= 1, 1 <= alpha <= maxAwaiting, got "
                        + width + ", " + alpha + ", " + maxAwaiting);
            }
        }

        /** A shape that waits for stalled nodes, as plain Kademlia lookups do, awaiting any number of calls. */
        public Shape(int width, int alpha) {
            this(width, alpha, true, Integer.MAX_VALUE);
        }
    }
}
