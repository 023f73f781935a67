package io.cqkd.dht.lookup;

import io.cqkd.dht.rpc.RpcRejectedException;
import io.cqkd.transport.Cancellable;
import io.cqkd.transport.Scheduler;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import io.cqkd.wire.krpc.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One iterative Kademlia lookup (find_node, get_peers or get: the caller's {@link Querier} decides
 * which query goes out). Candidates are kept sorted by distance to the target; at most {@code alpha}
 * calls are in flight; a call slower than its stall timeout (per peer, from the node's call timing)
 * stops counting against alpha, so one lost packet does not hold the lookup back. Terminates when the {@code k} closest candidates that have
 * not failed have all answered. A stalled call is sent again (up to {@code maxAttempts} in all, the
 * earlier ones still allowed to answer), so one lost datagram does not drop a live node from the
 * result. Confined to the node's loop.
 */
public final class Lookup {
    /** Sends the lookup's query to one node. */
    @FunctionalInterface
    public interface Querier {
        CompletableFuture<Reply> ask(Contact contact);
    }

    /** Sees every answer as it arrives; returns true to end the lookup at once (value found). */
    @FunctionalInterface
    public interface ReplyObserver {
        boolean onReply(Contact from, Reply reply);

        ReplyObserver NONE = (from, reply) -> false;
    }

    private enum State { UNQUERIED, IN_FLIGHT, STALLED, ANSWERED, FAILED }

    private static final class Candidate {
        final Contact contact;
        final int hop;
        State state = State.UNQUERIED;
        int attempts;
        int outstanding;
        /** Stalled at least once: an answer from now on came after the lookup had stopped waiting for it. */
        boolean stalled;
        byte[] token;
        Cancellable stallTimer;

        Candidate(Contact contact, int hop) {
            this.contact = contact;
            this.hop = hop;
        }
    }

    private final NodeId self;
    private final NodeId target;
    private final int k;
    private final int alpha;
    private final boolean waitForStalled;
    private final int maxAwaiting;
    private final int maxAttempts;
    private final int maxCandidates;
    private final Function<Contact, Duration> stallTimeout;
    private final Scheduler scheduler;
    private final Querier querier;
    private final ReplyObserver observer;
    private final Predicate<Contact> believedDead;
    private final TreeMap<NodeId, Candidate> candidates;
    private final CompletableFuture<LookupResult> result = new CompletableFuture<>();
    private int inFlight;
    /** Calls sent and not yet answered or failed, stalled ones included. */
    private int awaiting;
    private int queried;
    private int failed;
    private int lateAnswers;
    private boolean done;
    private boolean stepping;
    private boolean stepAgain;

    /** {@code believedDead}: nodes not to ask, whoever names them (the liveness policy's dead). */
    public Lookup(NodeId self, NodeId target, LookupShape.Shape shape, int maxAttempts,
                  Function<Contact, Duration> stallTimeout, Scheduler scheduler, Querier querier,
                  ReplyObserver observer, Predicate<Contact> believedDead) {
        this.self = self;
        this.target = target;
        this.k = shape.width();
        this.alpha = shape.alpha();
        this.waitForStalled = shape.waitForStalled();
        this.maxAwaiting = shape.maxAwaiting();
        this.maxAttempts = maxAttempts;
        this.maxCandidates = 8 * k;
        this.stallTimeout = stallTimeout;
        this.scheduler = scheduler;
        this.querier = querier;
        this.observer = observer;
        this.believedDead = believedDead;
        this.candidates = new TreeMap<>(target::compareDistance);
    }

    /** Starts from {@code seeds} (usually our own closest nodes) and completes on the loop. */
    public CompletableFuture<LookupResult> start(List<Contact> seeds) {
        for (Contact seed : seeds) {
            addCandidate(seed, 1);
        }
        step();
        return result;
    }

    private void addCandidate(Contact contact, int hop) {
        if (contact.id().equals(self) || candidates.containsKey(contact.id()) || believedDead.test(contact)) {
            return;
        }
        candidates.put(contact.id(), new Candidate(contact, hop));
        if (candidates.size() > maxCandidates) {
            // Drop the farthest candidate not waiting on an answer: it can no longer make the k closest.
            var it = candidates.descendingMap().entrySet().iterator();
            while (it.hasNext()) {
                State s = it.next().getValue().state;
                if (s == State.UNQUERIED || s == State.FAILED) {
                    it.remove();
                    return;
                }
            }
        }
    }

    /** Re-entrant safe: an answer completing synchronously inside a send just asks for another pass. */
    private void step() {
        if (stepping) {
            stepAgain = true;
            return;
        }
        stepping = true;
        try {
            do {
                stepAgain = false;
                advance();
            } while (stepAgain && !done);
        } finally {
            stepping = false;
        }
    }

    private void advance() {
        if (done) {
            return;
        }
        int seen = 0;
        boolean allAnswered = true;
        List<Candidate> toSend = new ArrayList<>(alpha);
        for (Candidate c : candidates.values()) {
            if (c.state == State.FAILED || (c.state == State.STALLED && givenUp(c))) {
                // Failed, or given up at a stall: it no longer holds the lookup back, and the next
                // closest node takes its place; a late answer still counts while the lookup runs.
                continue;
            }
            if (seen++ == k) {
                break;
            }
            if (c.state != State.ANSWERED) {
                allAnswered = false;
            }
            boolean retryable = c.state == State.STALLED && c.attempts < maxAttempts && (waitForStalled || isTarget(c));
            if ((c.state == State.UNQUERIED || retryable) && inFlight + toSend.size() < alpha
                    && awaiting + toSend.size() < maxAwaiting) {
                toSend.add(c);
            }
        }
        if (allAnswered) {
            finish(false);
            return;
        }
        for (Candidate c : toSend) {
            send(c);
        }
    }

    /**
     * Whether a stalled node stops holding the lookup back. A patient lookup gives up on it once every
     * attempt has stalled (a dead node costs that many stalls, not the timeout on top); an impatient
     * one at the first stall — but never on the target itself, which it waits for until it answers or
     * its calls fail: a slow target is still found.
     */
    private boolean givenUp(Candidate c) {
        return waitForStalled ? c.attempts >= maxAttempts : !isTarget(c);
    }

    private boolean isTarget(Candidate c) {
        return c.contact.id().equals(target);
    }

    private void send(Candidate c) {
        c.state = State.IN_FLIGHT;
        c.attempts++;
        c.outstanding++;
        inFlight++;
        awaiting++;
        queried++;
        if (c.stallTimer != null) {
            c.stallTimer.cancel();
        }
        c.stallTimer = scheduler.schedule(stallTimeout.apply(c.contact), () -> {
            if (c.state == State.IN_FLIGHT) {
                c.state = State.STALLED;
                c.stalled = true;
                inFlight--;
                step();
            }
        });
        querier.ask(c.contact).whenComplete((reply, error) -> onAnswer(c, reply, error));
    }

    private void onAnswer(Candidate c, Reply reply, Throwable error) {
        c.outstanding--;
        awaiting--;
        if (done) {
            return;
        }
        if (c.state == State.ANSWERED || c.state == State.FAILED) {
            step(); // a late answer to an earlier attempt: only the call it frees matters
            return;
        }
        if (c.state == State.IN_FLIGHT) {
            inFlight--;
        }
        if (c.stallTimer != null) {
            c.stallTimer.cancel();
        }
        if (error != null || !reply.id().equals(c.contact.id())) {
            if (c.outstanding > 0) {
                c.state = State.STALLED; // another attempt may still answer
            } else if (error != null && c.attempts < maxAttempts && !(error instanceof RpcRejectedException)) {
                c.state = State.STALLED; // lost, not refused: worth another try
            } else {
                // No answer, or an answer under another id than the one we were told: not trustworthy.
                c.state = State.FAILED;
                failed++;
            }
            step();
            return;
        }
        if (c.stalled) {
            lateAnswers++;
        }
        c.state = State.ANSWERED;
        c.token = reply.token();
        for (Contact node : reply.nodes()) {
            addCandidate(node, c.hop + 1);
        }
        if (observer.onReply(c.contact, reply)) {
            finish(true);
            return;
        }
        step();
    }

    private void finish(boolean early) {
        done = true;
        List<Contact> closest = new ArrayList<>(k);
        Map<NodeId, byte[]> tokens = new HashMap<>();
        int convergedHops = 0;
        int silentCloser = 0;
        int silentSinceLastAnswer = 0;
        for (Candidate c : candidates.values()) {
            if (c.stallTimer != null) {
                c.stallTimer.cancel();
            }
            if (c.state != State.ANSWERED && c.attempts > 0 && closest.size() < k) {
                silentSinceLastAnswer++; // asked, and failed or stalled: known, but not in the result
            }
            if (c.state == State.ANSWERED && closest.size() < k) {
                silentCloser += silentSinceLastAnswer;
                silentSinceLastAnswer = 0;
                closest.add(c.contact);
                convergedHops = Math.max(convergedHops, c.hop);
                if (c.token != null) {
                    tokens.put(c.contact.id(), c.token);
                }
            }
        }
        Candidate targetCandidate = candidates.get(target);
        int hops = targetCandidate != null && targetCandidate.state == State.ANSWERED
                ? targetCandidate.hop - 1
                : convergedHops;
        result.complete(new LookupResult(target, List.copyOf(closest), Map.copyOf(tokens), hops, queried, failed,
                early, k, alpha, lateAnswers, silentCloser));
    }
}
