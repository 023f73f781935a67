package io.cqkd.dht.rpc;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * How long a call to one peer may take: the seam of phase 3 (timeouts from measured round trips).
 * Asked for every call, and told every call's outcome so that it can learn from them. Consulted and
 * told on the node's loop only, so an implementation keeps plain fields.
 *
 * <p>Two limits per call. The <em>stall</em> is when a lookup stops counting the call against its
 * parallelism and asks another node (the call itself goes on: a slow answer still counts); the
 * <em>timeout</em> is when the call fails and counts against the peer. A short stall hides loss and
 * slow peers from lookups without accusing anyone; a short timeout evicts slow peers sooner at the
 * cost of false accusations.
 */
public interface CallTiming {
    /** When a lookup stops waiting for a call of {@code method} to {@code peer} and asks another node. */
    Duration stallTimeout(InetSocketAddress peer, String method);

    /** When a call of {@code method} to {@code peer} fails with {@link RpcTimeoutException}. */
    Duration timeout(InetSocketAddress peer, String method);

    /** The peer answered (a response or a KRPC error) {@code rttNanos} after the query was sent. */
    default void answered(InetSocketAddress peer, String method, long rttNanos) {}

    /** The call timed out. */
    default void timedOut(InetSocketAddress peer, String method) {}

    /**
     * An answer came after the call had timed out, {@code rttNanos} after the query was sent: the
     * timeout was too short for this peer (it is alive, only slow).
     */
    default void answeredLate(InetSocketAddress peer, String method, long rttNanos) {}
}
