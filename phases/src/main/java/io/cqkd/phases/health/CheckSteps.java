package io.cqkd.phases.health;

import io.cqkd.dht.DhtNode;
import io.cqkd.dht.async.Futures;
import io.cqkd.dht.rpc.RpcErrorException;
import io.cqkd.dht.rpc.RpcRejectedException;
import io.cqkd.dht.rpc.RpcTimeoutException;
import io.cqkd.phases.health.CheckOutcome.Verdict;
import io.cqkd.wire.BDict;
import io.cqkd.wire.WireException;
import io.cqkd.wire.krpc.Contact;
import io.cqkd.wire.krpc.Reply;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The calls of one check, one after another, each bounded by what is left of the check's time:
 * {@link #ask} sends a query and parses the answer; a step that finds a fault ends the check with it.
 * A KRPC error from the peer is no fault (a node may not implement BEP 44, or be busy): the step is
 * passed over. Confined to the node's loop.
 */
final class CheckSteps {
    private final DhtNode node;
    /** Sends of one call at most: three lost round trips in a row are 0.7 % of checks at 10 % loss. */
    static final int ATTEMPTS = 3;

    private final Contact peer;
    private final long deadlineNanos;
    private final long startNanos;
    private int rpcs;
    private CheckOutcome ended;

    CheckSteps(DhtNode node, Contact peer, Duration timeout) {
        this.node = node;
        this.peer = peer;
        this.startNanos = node.clock().nanoTime();
        this.deadlineNanos = startNanos + timeout.toNanos();
    }

    Contact peer() {
        return peer;
    }

    DhtNode node() {
        return node;
    }

    /** Whether an earlier step ended the check. */
    boolean ended() {
        return ended != null;
    }

    /** Ends the check with a fault, unless it has ended already. */
    void fault(String reason) {
        end(Verdict.FAULTY, reason);
    }

    private void end(Verdict verdict, String reason) {
        if (ended == null) {
            ended = new CheckOutcome(verdict, reason, rpcs, node.clock().nanoTime() - startNanos);
        }
    }

    /** The check's outcome: the step that ended it, else passed. */
    CheckOutcome outcome() {
        end(Verdict.PASSED, "");
        return ended;
    }

    /**
     * Sends {@code method} to {@code to} and parses the answer; completes with null when the step is
     * over — the check ended (no answer, a malformed one) or the peer answered with an error. An
     * unanswered call is sent again, up to {@link #ATTEMPTS} in all within what is left of the
     * check's time, so that one lost datagram does not fail the check.
     */
    CompletableFuture<Reply> ask(Contact to, String method, BDict arguments) {
        return ask(to, method, arguments, deadlineNanos, ATTEMPTS);
    }

    /** The same, with at most {@code within} for this step (a dead peer fails the first step that soon). */
    CompletableFuture<Reply> ask(Contact to, String method, BDict arguments, Duration within) {
        return ask(to, method, arguments, Math.min(deadlineNanos, node.clock().nanoTime() + within.toNanos()), ATTEMPTS);
    }

    private CompletableFuture<Reply> ask(Contact to, String method, BDict arguments, long stepDeadline,
                                         int attemptsLeft) {
        long left = stepDeadline - node.clock().nanoTime();
        if (ended() || left <= 0) {
            end(Verdict.UNREACHABLE, method + "-timeout");
            return CompletableFuture.completedFuture(null);
        }
        rpcs++;
        Duration timeout = Duration.ofNanos(left / attemptsLeft);
        return node.query(to, method, arguments, timeout).handle((values, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(parse(to, method, values));
            }
            Throwable cause = Futures.cause(error);
            if (cause instanceof RpcErrorException) {
                return CompletableFuture.<Reply>completedFuture(null); // not implemented, or busy: no verdict
            }
            if (cause instanceof RpcTimeoutException && attemptsLeft > 1) {
                return ask(to, method, arguments, stepDeadline, attemptsLeft - 1);
            }
            if (to.equals(peer)) { // a witness that did not answer says nothing about the peer
                end(cause instanceof RpcRejectedException ? Verdict.NOT_CHECKED : Verdict.UNREACHABLE,
                        method + "-no-answer");
            }
            return CompletableFuture.<Reply>completedFuture(null);
        }).thenCompose(f -> f);
    }

    private Reply parse(Contact to, String method, BDict values) {
        try {
            return Reply.parse(values);
        } catch (WireException e) {
            if (to.equals(peer)) {
                fault(method + "-malformed");
            }
            return null;
        }
    }
}
