package io.cqkd.keygen;

import io.cqkd.dht.DhtNode;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BString;
import io.cqkd.wire.krpc.Contact;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * The worker side of CQKD on one DHT node: grants role leases and computes its role's part of each
 * operation. A worker holds at most {@code maxConcurrentRoles} leases, never two for the same
 * process, at most half of them for one requester ({@link LeaseLimits}), and forgets a lease when it
 * expires or when its holder releases it. Confined to the node's loop.
 */
public final class WorkerService {
    /** Operations one lease may carry (one per worker in the protocol; a margin for retries). */
    private static final int MAX_OPS_PER_LEASE = 16;

    private final DhtNode node;
    private final RandomGenerator random;
    private final int maxConcurrentRoles;
    private final Map<BString, Lease> leases = new HashMap<>();
    private final LeaseLimits limits;
    /** Role requests refused by the limits (a requester's share or rate): counted, not answered with a lease. */
    private long limited;

    private static final class Lease {
        final Role role;
        final String holder;
        long expiresAtNanos;
        final Map<Integer, OperationState> ops = new LinkedHashMap<>();

        Lease(Role role, String holder, long expiresAtNanos) {
            this.role = role;
            this.holder = holder;
            this.expiresAtNanos = expiresAtNanos;
        }
    }

    /** A worker whose one requester may hold half its {@code maxConcurrentRoles} (at least one). */
    public WorkerService(DhtNode node, RandomGenerator random, int maxConcurrentRoles) {
        this(node, random, maxConcurrentRoles, Math.max(1, maxConcurrentRoles / 2));
    }

    /**
     * @param perRequester leases one requester may hold at once: fewer leaves more of the worker to
     *     others when one floods it, more lets one Alice run more keys at once through it
     */
    public WorkerService(DhtNode node, RandomGenerator random, int maxConcurrentRoles, int perRequester) {
        this.node = node;
        this.random = random;
        this.maxConcurrentRoles = maxConcurrentRoles;
        this.limits = new LeaseLimits(perRequester);
        node.registerExtension(Methods.ROLE_REQUEST, this::roleRequest);
        node.registerExtension(Methods.ROLE_RELEASE, (caller, a) -> {
            BString pid = a.requireString("pid");
            Lease lease = leases.get(pid);
            if (lease != null && !lease.holder.equals(LeaseLimits.requester(caller))) {
                return CompletableFuture.failedFuture(Messages.refused("the lease of this process is not yours"));
            }
            leases.remove(pid);
            return done(BDict.empty());
        });
        node.registerExtension(Methods.SPIN, (caller, a) -> op(a, Role.QSG, state -> {
            if (state.spin == null) {
                state.spin = random.nextInt(2);
            }
            return BDict.builder().put("spin", state.spin).build();
        }));
        node.registerExtension(Methods.BASIS, (caller, a) -> op(a, Role.BG, state -> {
            Party party = Party.of(a.requireString("party").asUtf8());
            // Asked once by each party; asked again, it gives the same answer.
            Basis basis = state.bases.computeIfAbsent(party,
                    p -> random.nextBoolean() ? Basis.RECTILINEAR : Basis.DIAGONAL);
            return BDict.builder().put("basis", basis.symbol()).build();
        }));
        node.registerExtension(Methods.POLARIZE, (caller, a) -> op(a, Role.QPP, state -> {
            int spin = (int) a.requireInt("spin");
            Photon photon = Photon.polarize(spin == 0 ? 0 : 1, Basis.of(a.requireString("basis").asUtf8()));
            return BDict.builder().put("polarization", photon.polarizationDegrees()).build();
        }));
        node.registerExtension(Methods.PHOTON, (caller, a) -> op(a, Role.QPM, state -> {
            state.photon = new Photon((int) a.requireInt("polarization"));
            return BDict.empty();
        }));
        node.registerExtension(Methods.MEASURE, (caller, a) -> op(a, Role.QPM, state -> {
            if (state.photon == null) {
                throw Messages.refused("no photon arrived for this operation");
            }
            Basis basis = Basis.of(a.requireString("basis").asUtf8());
            if (state.bit == null) { // measured once: a repeated request gets the same bit
                state.bit = state.photon.measure(basis, random);
            }
            int theta = state.photon.angleTo(basis);
            return BDict.builder().put("bit", state.bit).put("bases_match", theta % 90 == 0 ? 1 : 0).build();
        }));
        node.registerExtension(Methods.COLLIDE, (caller, a) -> op(a, Role.QPC, state -> {
            Party party = Party.of(a.requireString("party").asUtf8());
            state.bases.put(party, Basis.of(a.requireString("basis").asUtf8()));
            Basis alice = state.bases.get(Party.ALICE);
            Basis bob = state.bases.get(Party.BOB);
            int valid = alice == null || bob == null ? -1 : alice == bob ? 1 : 0;
            return BDict.builder().put("valid", valid).build();
        }));
    }

    /** Role requests refused because of a requester's share or rate. */
    public long limitedRequests() {
        return limited;
    }

    public int activeLeases() {
        expire();
        return leases.size();
    }

    private CompletableFuture<BDict> roleRequest(Contact caller, BDict a) {
        expire();
        long now = node.clock().nanoTime();
        String requester = LeaseLimits.requester(caller);
        if (!limits.allowRequest(requester, now)) {
            limited++;
            return done(reject("too many role requests from " + requester + ": at most "
                    + (int) LeaseLimits.REQUESTS_PER_SECOND + " a second"));
        }
        BString pid = a.requireString("pid");
        Role role = role(a.requireString("role").asUtf8());
        long leaseNanos = LeaseLimits.leaseSeconds(a.requireInt("lease")) * 1_000_000_000L;
        Lease held = leases.get(pid);
        if (held != null && (held.role != role || !held.holder.equals(requester))) {
            return done(reject("already holds role " + held.role + " for this process"));
        }
        if (held == null && leases.size() >= maxConcurrentRoles) {
            return done(reject("busy: " + leases.size() + " leases held, at most " + maxConcurrentRoles));
        }
        if (held == null && leases.values().stream().filter(l -> l.holder.equals(requester)).count()
                >= limits.perRequester()) {
            limited++;
            return done(reject("busy for " + requester + ": at most " + limits.perRequester() + " leases per requester"));
        }
        long expires = now + leaseNanos;
        if (held == null) {
            leases.put(pid, new Lease(role, requester, expires));
        } else {
            held.expiresAtNanos = expires;
        }
        return done(BDict.builder().put("accept", 1).put("role", role.name()).put("lease", leaseNanos / 1_000_000_000L)
                .build());
    }

    private interface OpStep {
        BDict apply(OperationState state);
    }

    /** Runs one role step for the lease of the caller's process; refuses without a matching lease. */
    private CompletableFuture<BDict> op(BDict a, Role role, OpStep step) {
        expire();
        Lease lease = leases.get(a.requireString("pid"));
        if (lease == null || lease.role != role) {
            return CompletableFuture.failedFuture(Messages.refused("no " + role + " lease for this process"));
        }
        int op = (int) a.requireInt("op");
        OperationState state = lease.ops.get(op);
        if (state == null) {
            if (lease.ops.size() >= MAX_OPS_PER_LEASE) {
                return CompletableFuture.failedFuture(Messages.refused("too many operations on one lease"));
            }
            state = new OperationState();
            lease.ops.put(op, state);
        }
        try {
            return done(step.apply(state));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void expire() {
        long now = node.clock().nanoTime();
        leases.values().removeIf(l -> now - l.expiresAtNanos > 0);
    }

    private static Role role(String name) {
        for (Role r : Role.values()) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        throw Messages.refused("role must be one of QSG, BG, QPP, QPM, QPC");
    }

    private static BDict reject(String reason) {
        return BDict.builder().put("accept", 0).put("reason", reason).build();
    }

    private static CompletableFuture<BDict> done(BDict value) {
        return CompletableFuture.completedFuture(value);
    }
}
