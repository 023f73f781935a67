package io.cqkd.phases.health;

import io.cqkd.wire.NodeId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the node knows of each peer's health: when it last heard from it, when it last passed a
 * check at each level, and a health score. Bounded: the {@link #CAPACITY} most recently touched
 * peers (a table holds a few hundred; the rest are discovery's candidates). Confined to the node's
 * loop.
 */
final class PeerRecords {
    /** Peers remembered; each record is about 60 bytes. */
    static final int CAPACITY = 4096;
    /**
     * Weight of the newest check in the score: score = (1 − w) · score + w · (1 if passed, else 0).
     * Higher follows a peer's change sooner; lower forgives one bad check more.
     */
    static final double SCORE_WEIGHT = 0.25;

    /** One peer. Times are the node's clock; {@link Long#MIN_VALUE}: never. */
    static final class PeerRecord {
        long heardNanos = Long.MIN_VALUE;
        /** When a call to it or a check of it last failed. */
        long failedNanos = Long.MIN_VALUE;
        final long[] passedNanos = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
        double score = 1;
        /** When the checker first met this peer in the table; {@link Long#MIN_VALUE}: not yet. */
        long firstSeenNanos = Long.MIN_VALUE;
        /** A check of this peer is running. */
        boolean checking;

        long passed(HealthLevel level) {
            return passedNanos[level.ordinal()];
        }

        /** When we last had proof it is alive: an answer of any kind, or a passed check. */
        long aliveNanos() {
            return Math.max(heardNanos, passedNanos[HealthLevel.FAST.ordinal()]);
        }

        /** Something failed since its last proof of life: it may have died since. */
        boolean doubtful() {
            return failedNanos > aliveNanos();
        }
    }

    private final Map<NodeId, PeerRecord> records = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<NodeId, PeerRecord> eldest) {
            return size() > CAPACITY;
        }
    };

    /** The record of {@code id}, created when missing. */
    PeerRecord of(NodeId id) {
        return records.computeIfAbsent(id, k -> new PeerRecord());
    }

    /** The record of {@code id}, or null. */
    PeerRecord find(NodeId id) {
        return records.get(id);
    }

    void heard(NodeId id, long nowNanos) {
        of(id).heardNanos = nowNanos;
    }

    /** A check at {@code level} passed: it counts for every level it includes. */
    void passed(NodeId id, HealthLevel level, long nowNanos) {
        PeerRecord r = of(id);
        for (HealthLevel l : HealthLevel.values()) {
            if (level.includes(l)) {
                r.passedNanos[l.ordinal()] = nowNanos;
            }
        }
        r.heardNanos = nowNanos;
        r.score = (1 - SCORE_WEIGHT) * r.score + SCORE_WEIGHT;
    }

    /** A check of {@code id} failed: it lowers the score. */
    void failed(NodeId id, long nowNanos) {
        PeerRecord r = of(id);
        r.failedNanos = nowNanos;
        r.score = (1 - SCORE_WEIGHT) * r.score;
    }

    /** A call to {@code id} went unanswered: no verdict (the checker judges), only a doubt. */
    void callFailed(NodeId id, long nowNanos) {
        PeerRecord r = find(id);
        if (r != null) {
            r.failedNanos = nowNanos;
        }
    }

    void forget(NodeId id) {
        records.remove(id);
    }

    int size() {
        return records.size();
    }
}
