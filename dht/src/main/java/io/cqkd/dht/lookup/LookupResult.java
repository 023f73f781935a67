package io.cqkd.dht.lookup;

import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.util.List;
import java.util.Map;

/**
 * The outcome of an iterative lookup.
 *
 * @param closest the nodes closest to the target that answered, closest first, at most k
 * @param tokens write tokens those nodes handed out (get_peers and get), by node id
 * @param hops rounds of calls it took: to learn the target's address when the target was found
 *     (0 when we knew it already), else to converge on the closest nodes
 * @param queried calls sent
 * @param failed calls that timed out or were refused
 * @param stoppedEarly whether the caller's observer ended the lookup before convergence
 * @param width how many closest nodes the lookup looked for: fewer in {@code closest} (and not
 *     stopped early) means the network it could reach has fewer nodes than that
 * @param alpha how many calls it kept in flight
 * @param lateAnswers answers from nodes the lookup had stopped waiting for (their call had stalled):
 *     each a parallel call that turned out not to be needed
 * @param silentCloser nodes the lookup asked that are closer to the target than the farthest of
 *     {@code closest} but did not answer in time (dead, slow, or answering under another id): the
 *     result's farthest node is really that many ranks farther out
 */
public record LookupResult(NodeId target, List<Contact> closest, Map<NodeId, byte[]> tokens, int hops,
                           int queried, int failed, boolean stoppedEarly, int width, int alpha,
                           int lateAnswers, int silentCloser) {

    /** Whether the target id itself answered: a lookup of an existing node's id succeeded. */
    public boolean foundTarget() {
        return !closest.isEmpty() && closest.get(0).id().equals(target);
    }
}
