package io.cqkd.dht.routing;

import io.cqkd.dht.NodeState;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kademlia routing table: 160 k-buckets, bucket {@code i} holding nodes at XOR distance in
 * [2^i, 2^(i+1)) from us. That is the same shape as the classic tree that only splits the bucket
 * containing our own id, indexed directly instead of searched.
 *
 * <p>Verified insertion: only a node that answered one of our calls ({@link #onResponse}) can enter a
 * bucket; nodes that merely called us or were named by others must be verified first. Confined to the
 * owning node's loop; not thread-safe.
 */
public final class RoutingTable {
    private final NodeId self;
    private final int k;
    private final long questionableAfterNanos;
    private final int maxFailures;
    private final KBucket[] buckets = new KBucket[NodeId.BITS];
    private final Map<NodeId, RoutingEntry> index = new HashMap<>();

    public RoutingTable(NodeId self, int k, long questionableAfterNanos, int maxFailures) {
        this.self = self;
        this.k = k;
        this.questionableAfterNanos = questionableAfterNanos;
        this.maxFailures = maxFailures;
    }

    public NodeId self() {
        return self;
    }

    public int k() {
        return k;
    }

    /**
     * A node answered us: refresh it, or insert it where there is room or a bad node to replace, else
     * keep it as a replacement. Returns a questionable node of the full bucket that should be pinged
     * (its failure lets the replacement in), or null.
     */
    public RoutingEntry onResponse(Contact contact, long nowNanos, long rttNanos) {
        NodeId id = contact.id();
        if (id.equals(self)) {
            return null;
        }
        RoutingEntry existing = index.get(id);
        KBucket bucket = bucketFor(id, nowNanos);
        if (existing != null) {
            if (existing.address().equals(contact.address())) {
                existing.responded(nowNanos, rttNanos);
                bucket.touch(nowNanos);
            } else if (stateOf(existing, nowNanos) == NodeState.BAD) {
                // The id moved to a new address and the old one is dead: believe the new one.
                RoutingEntry fresh = newEntry(contact, nowNanos, rttNanos);
                bucket.replace(existing, fresh, nowNanos);
                index.put(id, fresh);
            }
            // Otherwise a live node already holds this id: ignore the claim (spoofing defence).
            return null;
        }
        RoutingEntry fresh = newEntry(contact, nowNanos, rttNanos);
        bucket.removeReplacement(id); // it may wait there from an earlier answer: never twice
        if (!bucket.isFull()) {
            bucket.add(fresh, nowNanos);
            index.put(id, fresh);
            return null;
        }
        RoutingEntry worst = null;
        for (RoutingEntry e : bucket.entries()) {
            NodeState state = stateOf(e, nowNanos);
            if (state == NodeState.BAD) {
                bucket.replace(e, fresh, nowNanos);
                index.remove(e.id());
                index.put(id, fresh);
                return null;
            }
            if (state == NodeState.QUESTIONABLE
                    && (worst == null || e.lastActivityNanos() < worst.lastActivityNanos())) {
                worst = e;
            }
        }
        bucket.offerReplacement(fresh);
        return worst;
    }

    /** A node called us: if we know it at that address, it stays good (BEP 5). */
    public void onQuery(NodeId id, InetSocketAddress address, long nowNanos) {
        RoutingEntry entry = index.get(id);
        if (entry != null && entry.address().equals(address)) {
            entry.queried(nowNanos);
        }
    }

    /**
     * Whether an unknown node would get a place if it answered us (room, or a node that is not good):
     * only then is it worth a verification ping.
     */
    public boolean wouldAccept(NodeId id, long nowNanos) {
        if (id.equals(self) || index.containsKey(id)) {
            return false;
        }
        KBucket bucket = buckets[self.bucketIndexOf(id)];
        if (bucket == null || !bucket.isFull()) {
            return true;
        }
        for (RoutingEntry e : bucket.entries()) {
            if (stateOf(e, nowNanos) != NodeState.GOOD) {
                return true;
            }
        }
        return false;
    }

    /** A call to this node failed. A node that turns bad gives its place to the newest replacement. */
    public void onFailure(NodeId id, InetSocketAddress address, long nowNanos) {
        RoutingEntry entry = index.get(id);
        if (entry == null || !entry.address().equals(address)) {
            return;
        }
        entry.failed();
        if (stateOf(entry, nowNanos) == NodeState.BAD) {
            KBucket bucket = buckets[self.bucketIndexOf(id)];
            RoutingEntry replacement = bucket.takeReplacement();
            while (replacement != null && index.containsKey(replacement.id())) {
                replacement = bucket.takeReplacement();
            }
            if (replacement != null) {
                bucket.replace(entry, replacement, nowNanos);
                index.remove(id);
                index.put(replacement.id(), replacement);
            }
        }
    }

    /** Forgets a node entirely (for example one that now answers with another id). */
    public void remove(NodeId id) {
        RoutingEntry entry = index.remove(id);
        int bucketIndex = self.bucketIndexOf(id);
        if (entry != null) {
            buckets[bucketIndex].remove(entry);
        }
        if (bucketIndex >= 0 && buckets[bucketIndex] != null) {
            buckets[bucketIndex].removeReplacement(id);
        }
    }

    /**
     * Up to {@code n} non-bad nodes closest to {@code target}, closest first. Buckets map to disjoint
     * distance intervals around any target, so it visits the non-empty buckets in distance order and
     * sorts only within a bucket instead of sorting the whole table.
     */
    public List<Contact> closest(NodeId target, int n, long nowNanos) {
        if (n <= 0) {
            return List.of();
        }
        List<Contact> out = new ArrayList<>(n);
        List<RoutingEntry> scratch = new ArrayList<>(k);
        Comparator<RoutingEntry> byDistance = (a, b) -> target.compareDistance(a.id(), b.id());
        for (int bucketIndex : bucketOrder(target, true)) {
            scratch.clear();
            for (RoutingEntry e : buckets[bucketIndex].entries()) {
                if (stateOf(e, nowNanos) != NodeState.BAD) {
                    scratch.add(e);
                }
            }
            scratch.sort(byDistance);
            for (RoutingEntry e : scratch) {
                out.add(e.contact());
                if (out.size() == n) {
                    return out;
                }
            }
        }
        return out;
    }

    /**
     * Bucket indexes ordered by the distance of their nodes to {@code target}. With D = target XOR
     * self and b its highest set bit: bucket b holds the nodes within 2^b of the target; then the
     * buckets i < b where D has a one (clearing that bit lands below D: higher i, closer); then those
     * i < b where D has a zero (setting it lands above D: lower i, closer); then buckets above b.
     */
    int[] bucketOrder(NodeId target, boolean nonEmptyOnly) {
        int b = self.bucketIndexOf(target); // -1 when target is our own id
        int[] keys = new int[NodeId.BITS];
        int m = 0;
        for (int i = 0; i < NodeId.BITS; i++) {
            if (nonEmptyOnly && (buckets[i] == null || buckets[i].size() == 0)) {
                continue;
            }
            int rank;
            if (i == b) {
                rank = 0;
            } else if (i < b) {
                rank = distanceBit(target, i) ? 1 + (b - i) : 200 + i;
            } else {
                rank = 400 + i;
            }
            keys[m++] = (rank << 8) | i;
        }
        Arrays.sort(keys, 0, m);
        int[] order = new int[m];
        for (int j = 0; j < m; j++) {
            order[j] = keys[j] & 0xFF;
        }
        return order;
    }

    /** Bit {@code i} (counted from the least significant) of target XOR self. */
    private boolean distanceBit(NodeId target, int i) {
        int fromTop = NodeId.BITS - 1 - i;
        return target.bit(fromTop) != self.bit(fromTop);
    }

    public boolean contains(NodeId id) {
        return index.containsKey(id);
    }

    public RoutingEntry entry(NodeId id) {
        return index.get(id);
    }

    /** Entries of bucket {@code index}, bad ones included. */
    public int bucketSize(int index) {
        return buckets[index] == null ? 0 : buckets[index].size();
    }

    /** Nodes in the main buckets (bad ones included until replaced). */
    public int size() {
        return index.size();
    }

    public int replacementCount() {
        int n = 0;
        for (KBucket b : buckets) {
            n += b == null ? 0 : b.replacementCount();
        }
        return n;
    }

    /** Index of the nearest non-empty bucket (where our closest neighbour is), or -1 when empty. */
    public int closestBucketIndex() {
        for (int i = 0; i < buckets.length; i++) {
            if (buckets[i] != null && buckets[i].size() > 0) {
                return i;
            }
        }
        return -1;
    }

    /** Bucket indexes from {@code from} up whose contents have not changed for {@code ageNanos}. */
    public List<Integer> staleBuckets(int from, long nowNanos, long ageNanos) {
        List<Integer> stale = new ArrayList<>();
        for (int i = Math.max(0, from); i < buckets.length; i++) {
            long changed = buckets[i] == null ? Long.MIN_VALUE : buckets[i].lastChangedNanos();
            if (buckets[i] == null || nowNanos - changed >= ageNanos) {
                stale.add(i);
            }
        }
        return stale;
    }

    /** Marks a bucket refreshed (a lookup into it has just been made). */
    public void markRefreshed(int bucketIndex, long nowNanos) {
        bucketFor(bucketIndex, nowNanos).touch(nowNanos);
    }

    public List<RoutingEntry> entriesIn(NodeState state, long nowNanos) {
        List<RoutingEntry> out = new ArrayList<>();
        for (RoutingEntry e : index.values()) {
            if (stateOf(e, nowNanos) == state) {
                out.add(e);
            }
        }
        return out;
    }

    /** Snapshot of every bucket's entries, by bucket index. */
    public Map<Integer, List<RoutingEntry>> bucketsSnapshot() {
        Map<Integer, List<RoutingEntry>> out = new HashMap<>();
        for (int i = 0; i < buckets.length; i++) {
            if (buckets[i] != null && buckets[i].size() > 0) {
                out.put(i, List.copyOf(buckets[i].entries()));
            }
        }
        return out;
    }

    public NodeState stateOf(RoutingEntry entry, long nowNanos) {
        return entry.state(nowNanos, questionableAfterNanos, maxFailures);
    }

    private KBucket bucketFor(NodeId id, long nowNanos) {
        return bucketFor(self.bucketIndexOf(id), nowNanos);
    }

    private KBucket bucketFor(int index, long nowNanos) {
        KBucket bucket = buckets[index];
        if (bucket == null) {
            bucket = new KBucket(k, nowNanos);
            buckets[index] = bucket;
        }
        return bucket;
    }

    private static RoutingEntry newEntry(Contact contact, long nowNanos, long rttNanos) {
        RoutingEntry entry = new RoutingEntry(contact, nowNanos);
        entry.responded(nowNanos, rttNanos);
        return entry;
    }
}
