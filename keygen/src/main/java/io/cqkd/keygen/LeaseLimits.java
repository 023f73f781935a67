package io.cqkd.keygen;

import io.cqkd.dht.async.PerSourceBuckets;
import io.cqkd.wire.krpc.Contact;
import java.time.Duration;

/**
 * What one requester may take of a worker, so that a stranger flooding role requests cannot hold
 * every slot of the network: a lease lasts at most {@link #MAX_LEASE} whatever is asked, a
 * requester holds at most {@code perRequester} of the worker's leases at once, and asks at most
 * {@link #REQUESTS_PER_SECOND} a second. A requester is an address, or address and port on a
 * loopback address (where every process of a test or demo shares 127.0.0.1). Confined to the
 * worker's node loop.
 */
final class LeaseLimits {
    /**
     * Longest lease: the key API's deadline is 120 s; five minutes covers a longer run, and a flood of
     * leases frees itself within it instead of within the hour a requester could ask for before.
     */
    static final Duration MAX_LEASE = Duration.ofMinutes(5);
    /**
     * Role requests one requester may send one worker a second. Alice asks a worker once per run (a
     * second time only after a lost answer): 5 a second with a burst of 10 serves several runs at
     * once and stops a flood at the tenth request.
     */
    static final double REQUESTS_PER_SECOND = 5;
    private static final double BURST = 10;
    /** Requesters whose rate is tracked; the least recently seen is forgotten past this. */
    private static final int TRACKED_REQUESTERS = 256;

    private final int perRequester;
    private final PerSourceBuckets rates = new PerSourceBuckets(REQUESTS_PER_SECOND, BURST, TRACKED_REQUESTERS);

    /** @param perRequester leases one requester may hold at once at this worker */
    LeaseLimits(int perRequester) {
        this.perRequester = perRequester;
    }

    int perRequester() {
        return perRequester;
    }

    /** Who asks, for the limits: the address, with its port on loopback. */
    static String requester(Contact caller) {
        return PerSourceBuckets.sourceOf(caller.address());
    }

    /** Whether {@code requester} may send a request now (takes from its bucket). */
    boolean allowRequest(String requester, long nowNanos) {
        return rates.tryTake(requester, nowNanos);
    }

    static long leaseSeconds(long asked) {
        return Math.max(1, Math.min(MAX_LEASE.toSeconds(), asked));
    }
}
