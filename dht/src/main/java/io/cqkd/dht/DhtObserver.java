package io.cqkd.dht;

/**
 * Sees what a node does, for metrics. Called on the node's loop: implementations must be quick and
 * thread-safe (many nodes on many loops may share one). Every method does nothing by default.
 */
public interface DhtObserver {
    DhtObserver NONE = new DhtObserver() {};

    default void queryReceived(String method) {}

    default void rpcSent(String method) {}

    default void rpcAnswered(String method, long rttNanos) {}

    /** {@code reason}: timeout, error (the peer answered with a KRPC error) or rejected (never sent). */
    default void rpcFailed(String method, String reason) {}

    /** An answer came after its call had timed out (a false timeout: the peer was alive). */
    default void rpcAnsweredLate(String method, long rttNanos) {}

    default void packetDropped(String reason) {}

    default void lookupDone(boolean foundNodes, int hops) {}

    default void bootstrapDone(boolean succeeded, long durationNanos) {}

    /** Any other counted event of the node or of a phase running on it, by its NodeStats name. */
    default void event(String name) {}

}
