package io.cqkd.dht.routing;

import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.Contact;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Kademlia routing table: 160 k-buckets, bucket {@code i} holding nodes at XOR distance in
 * [2^i, 2^(i+1)) from us. That is the same shape as the classic tree that only splits the bucket
 * containing our own id, indexed directly instead of searched.
 *
 * <p>Verified insertion: only a node that answered one of our calls ({@link #onResponse}) can enter a
 * bucket; nodes that merely called us or were named by others must be verified first. Whether an
 * entry is good, questionable or bad, and what a failed call does to it, is the {@link PeerLiveness}
 * policy's to say; the table tells its {@link TableListener} every eviction and every bucket left
 * without a live entry. Confined to the owning node's loop; not thread-safe.
 */
public final class RoutingTable implements TableView {
    private final NodeId self;
    private final int k;
    private final Supplier<PeerLiveness> liveness;
    private final TableListener listener;
    private final KBucket[] buckets = new KBucket[NodeId.BITS];
    private final Map<NodeId, RoutingEntry> index = new HashMap<>();
    private final IpDiversity diversity;
    private long diversityRefusals;

    /** Liveness is read at every use (swappable at run time); the listener hears evictions. */
    public RoutingTable(NodeId self, int k, Supplier<PeerLiveness> liveness, TableListener listener,
                        IpDiversity diversity) {
        this.self = self;
        this.k = k;
        this.liveness = liveness;
        this.listener = listener;
        this.diversity = diversity;
    }

    @Override
    public NodeId self() {
        return self;
    }

    @Override
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
        KBucket bucket = bucketFor(self.bucketIndexOf(id), nowNanos);
        if (existing != null) {
            if (existing.address().equals(contact.address())) {
                existing.responded(nowNanos, rttNanos);
                bucket.touch(nowNanos);
            } else if (stateOf(existing, nowNanos) == NodeState.BAD) {
                // The id moved to a new address and the old one is dead: believe the new one.
                swap(bucket, existing, RoutingEntry.answered(contact, nowNanos, rttNanos), nowNanos);
            }
            // Otherwise a live node already holds this id: ignore the claim (spoofing defence).
            return null;
        }
        RoutingEntry fresh = RoutingEntry.answered(contact, nowNanos, rttNanos);
        bucket.removeReplacement(id); // it may wait there from an earlier answer: never twice
        if (!diversity.admits(index.values(), bucket, contact.address(), null)) {
            diversityRefusals++; // its /24 already holds its share of this table
            return null;
        }
        if (!bucket.isFull()) {
            bucket.add(fresh, nowNanos);
            index.put(id, fresh);
            return null;
        }
        RoutingEntry worst = null;
        for (RoutingEntry e : bucket.entries()) {
            NodeState state = stateOf(e, nowNanos);
            if (state == NodeState.BAD) {
                swap(bucket, e, fresh, nowNanos);
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

    /**
     * A call to this node timed out. The liveness policy says what that does: nothing, one more failure
     * (a node turned bad gives its place to the newest replacement, if any), or eviction.
     */
    public void onFailure(NodeId id, InetSocketAddress address, long nowNanos) {
        RoutingEntry entry = index.get(id);
        if (entry == null || !entry.address().equals(address)) {
            return;
        }
        switch (liveness.get().onFailure(entry, nowNanos)) {
            case IGNORE -> { }
            case COUNT -> {
                entry.failed();
                if (stateOf(entry, nowNanos) == NodeState.BAD) {
                    replace(entry, false, nowNanos);
                }
            }
            case EVICT -> replace(entry, true, nowNanos);
        }
    }

    /**
     * Puts the newest usable replacement in {@code entry}'s place, or takes {@code entry} out and has
     * it verified first (when the policy asks); without one, out only when {@code evenWithoutReplacement}.
     */
    private void replace(RoutingEntry entry, boolean evenWithoutReplacement, long nowNanos) {
        int bucketIndex = self.bucketIndexOf(entry.id());
        KBucket bucket = buckets[bucketIndex];
        PeerLiveness policy = liveness.get();
        RoutingEntry replacement = bucket.takeReplacement(r -> !index.containsKey(r.id())
                && !policy.believedDead(r.contact(), nowNanos)
                && diversity.admits(index.values(), bucket, r.address(), entry.address()));
        if (replacement != null && !policy.verifiesReplacements()) {
            swap(bucket, entry, replacement, nowNanos);
        } else if (replacement != null || evenWithoutReplacement) {
            index.remove(entry.id());
            bucket.remove(entry);
            listener.evicted(entry, null);
            if (replacement != null) {
                listener.candidateWaiting(replacement);
            }
        }
        reportIfEmptied(bucketIndex, nowNanos);
    }

    /** {@code fresh} takes {@code old}'s place in its bucket. */
    private void swap(KBucket bucket, RoutingEntry old, RoutingEntry fresh, long nowNanos) {
        bucket.replace(old, fresh, nowNanos);
        index.remove(old.id());
        index.put(fresh.id(), fresh);
        listener.evicted(old, fresh);
    }

    /** Tells the listener when bucket {@code bucketIndex} holds no entry that is not bad. */
    private void reportIfEmptied(int bucketIndex, long nowNanos) {
        for (RoutingEntry e : buckets[bucketIndex].entries()) {
            if (stateOf(e, nowNanos) != NodeState.BAD) {
                return;
            }
        }
        listener.bucketEmptied(bucketIndex);
    }

    /** Takes the entry of {@code id} at {@code address} out now (a replacement takes its place); false: none. */
    public boolean evict(NodeId id, InetSocketAddress address, long nowNanos) {
        RoutingEntry entry = index.get(id);
        if (entry == null || !entry.address().equals(address)) {
            return false;
        }
        replace(entry, true, nowNanos);
        return true;
    }

    /** Forgets a node entirely (for example one that now answers with another id). */
    public void remove(NodeId id, long nowNanos) {
        RoutingEntry entry = index.remove(id);
        int bucketIndex = self.bucketIndexOf(id);
        if (bucketIndex < 0 || buckets[bucketIndex] == null) {
            return;
        }
        buckets[bucketIndex].removeReplacement(id);
        if (entry != null) {
            buckets[bucketIndex].remove(entry);
            listener.evicted(entry, null);
            reportIfEmptied(bucketIndex, nowNanos);
        }
    }

    /** Answering nodes kept out because their /24 held its share of the table ({@link IpDiversity}). */
    public long diversityRefusals() {
        return diversityRefusals;
    }

    /** Up to {@code n} nodes closest to {@code target} that the liveness policy lets us share, closest first. */
    public List<Contact> closest(NodeId target, int n, long nowNanos) {
        PeerLiveness policy = liveness.get();
        return ClosestNodes.find(self, buckets, target, n, e -> policy.mayShare(e, nowNanos));
    }

    @Override
    public boolean contains(NodeId id) {
        return index.containsKey(id);
    }

    @Override
    public RoutingEntry entry(NodeId id) {
        return index.get(id);
    }

    @Override
    public int bucketSize(int index) {
        return buckets[index] == null ? 0 : buckets[index].size();
    }

    @Override
    public int size() {
        return index.size();
    }

    @Override
    public int replacementCount() {
        return BucketArray.replacementCount(buckets);
    }

    @Override
    public int closestBucketIndex() {
        return BucketArray.closestNonEmpty(buckets);
    }

    /** Marks a bucket refreshed (a lookup into it has just been made). */
    public void markRefreshed(int bucketIndex, long nowNanos) {
        bucketFor(bucketIndex, nowNanos).touch(nowNanos);
    }

    @Override
    public List<RoutingEntry> entriesIn(NodeState state, long nowNanos) {
        List<RoutingEntry> out = new ArrayList<>();
        for (RoutingEntry e : index.values()) {
            if (stateOf(e, nowNanos) == state) {
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public Map<Integer, List<RoutingEntry>> bucketsSnapshot() {
        return BucketArray.snapshot(buckets);
    }

    @Override
    public NodeState stateOf(RoutingEntry entry, long nowNanos) {
        return liveness.get().stateOf(entry, nowNanos);
    }

    @Override
    public long bucketChangedNanos(int index) {
        return buckets[index] == null ? Long.MIN_VALUE : buckets[index].lastChangedNanos();
    }

    private KBucket bucketFor(int index, long nowNanos) {
        KBucket bucket = buckets[index];
        if (bucket == null) {
            bucket = new KBucket(k, nowNanos);
            buckets[index] = bucket;
        }
        return bucket;
    }
}
