package io.cqkd.phases.adaptive;

import io.cqkd.dht.lookup.LookupResult;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.util.Arrays;
import java.util.List;

/**
 * How many nodes the network has, estimated from the ids lookups return. Ids are uniform, so the
 * XOR distances from a target to the nodes of the network are N uniform draws in the id space, and
 * the gaps between the closest ones are independent and exponential with mean 1/N: the distance
 * d_m of the m-th closest node is all one lookup tells about N, and (m − 1/3) / d_m is an estimate
 * of N whose median is N (the median of a Gamma(m) sum is about m − 1/3), spread by about
 * 1 / sqrt(m) (22 % for m = 20). The node's estimate is the median of the last {@link #WINDOW}
 * lookups' estimates: one lookup that met dead nodes or a poor table cannot pull it far.
 *
 * <p>A lookup never returns the node that ran it, nor the nodes it asked that did not answer in time:
 * when they are closer to the target than the m-th result, they are counted in its rank. A lookup that ended with fewer nodes than
 * it looked for (and was not stopped early) has seen the whole network it can reach: the network is
 * those nodes and this one, an exact count. Confined to the node's loop; a copy of the estimate is
 * readable from any thread.
 */
public final class NetworkSizeEstimator {
    /**
     * Lookups remembered. More: a steadier estimate; fewer: a quicker answer to a network that grows
     * or shrinks — and to the lookups a node made while the network was still forming around it
     * (its join's): ten lookups after it, they are outvoted. 16 lookups spread the estimate by about
     * 7 %.
     */
    public static final int WINDOW = 16;
    /**
     * The farthest result used: the k of BEP 5. A node names at most that many contacts in an answer,
     * so a lookup wider than that (the plan's table asks for up to 40) knows its farther ranks less
     * completely, and an estimate from them comes out low.
     */
    static final int MAX_RANK = 20;
    /** Lookups with fewer closest nodes than this say too little (one or two gaps) to be counted. */
    private static final int MIN_NODES = 3;

    private final NodeId self;
    private final double[] estimates = new double[WINDOW];
    private int observed;
    private int next;
    private volatile long estimate;

    /** The estimator of the node {@code self}. */
    public NetworkSizeEstimator(NodeId self) {
        this.self = self;
    }

    /** Takes what a finished lookup learned; lookups stopped early (a value found) are left out. */
    public void observe(LookupResult lookup) {
        if (lookup.stoppedEarly() || lookup.closest().isEmpty()) {
            return;
        }
        List<Contact> closest = lookup.closest();
        int size = closest.size();
        double value;
        if (size < lookup.width()) {
            value = size + 1; // every node it can reach, and us
        } else if (size >= MIN_NODES) {
            // Beyond the 20th, a wide lookup's result has gaps (each answer names at most 20 nodes).
            int m = Math.min(size, MAX_RANK);
            double dm = lookup.target().normalizedDistance(closest.get(m - 1).id());
            if (dm <= 0) {
                return;
            }
            // Nodes closer than the m-th that did not answer (slow, dead) and we ourselves count too;
            // the silent ones are spread over the whole result, so a share of them lies before the m-th.
            double silent = lookup.silentCloser() * (double) m / size;
            double rank = m + silent + (lookup.target().normalizedDistance(self) < dm ? 1 : 0);
            value = (rank - 1.0 / 3) / dm;
        } else {
            return;
        }
        estimates[next] = value;
        next = (next + 1) % WINDOW;
        observed = Math.min(WINDOW, observed + 1);
        estimate = Math.round(median());
    }

    /** The estimated number of nodes, this one included; 0 before any lookup has finished. */
    public long estimate() {
        return estimate;
    }

    /** Lookups in the current estimate (at most {@link #WINDOW}). */
    public int observations() {
        return observed;
    }

    private double median() {
        double[] values = Arrays.copyOf(estimates, observed);
        Arrays.sort(values);
        int mid = observed / 2;
        return observed % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
