package io.cqkd.dht;

import java.time.Duration;

/**
 * The tunables of one node. Every field says what it does and what it trades; the defaults are
 * BEP 5's where BEP 5 names one, and the scaling plan's fallbacks (alpha 3, k 20, timeout 5 s).
 *
 * @param k bucket size and lookup width: more nodes per bucket survive churn better, at the cost of
 *     bigger tables and more messages per lookup
 * @param alpha parallel requests per lookup: lower latency at the cost of redundant messages
 * @param rpcTimeout how long a call waits for its answer before it counts as failed
 * @param lookupStallTimeout after this, a lookup stops waiting for a slow request and sends another
 *     (the slow one may still answer until {@code rpcTimeout}); hides loss without inflating traffic
 * @param maxOutstandingRpcs calls awaiting an answer at once; more fail at once (counted), never queue
 * @param maxPendingVerifications pings in flight to verify unknown nodes that queried us
 * @param questionableAfter a node silent for this long is questionable (BEP 5: 15 minutes)
 * @param maxFailures consecutive failed calls that make a node bad (BEP 5: "multiple")
 * @param bucketRefreshInterval a bucket untouched for this long is refreshed by a lookup
 * @param maintenanceInterval how often questionable nodes are pinged and stale buckets refreshed
 * @param maxPacketBytes larger datagrams are dropped and counted before any decoding
 * @param tokenRotation write tokens change this often and stay valid for two periods (BEP 5: 5 min)
 * @param maxStoredItems BEP 44 items held by this node
 * @param itemTtl how long a stored BEP 44 item lives without a new put
 * @param maxInfoHashes info-hashes whose peers this node stores
 * @param maxPeersPerInfoHash peers stored per info-hash
 * @param peerTtl how long an announced peer is kept without a new announce
 * @param bootstrapParallelism bucket-refresh lookups run at once while joining
 * @param refreshK width of a bucket-refresh lookup: it only has to find live nodes in one bucket, so
 *     BEP 5's 8 finds them for less than half the messages of a full k-wide lookup
 * @param bootstrapAttempts pings per bootstrap address before it counts as dead (with backoff)
 * @param randomSeed seed of the node's randomness (tokens, refresh targets); fixed in simulations
 * @param queriesPerSource queries a second one source may send this node (a burst of twice that);
 *     past it they are dropped unanswered and counted. A source is an address, with its port on
 *     loopback. 0: no limit. Lower stops a flooder sooner; too low starves a busy honest peer (a
 *     joiner sends a node a few queries, Alice a few hundred in a key run's burst)
 * @param ipDiversity at most 2 entries per bucket and 3 per table from one /24 of public IPv4
 *     addresses (loopback and private ranges are not limited): one operator's block of addresses
 *     cannot fill a table, at the cost of fewer entries from a crowded hosting range
 */
public record DhtConfig(
        int k,
        int alpha,
        Duration rpcTimeout,
        Duration lookupStallTimeout,
        int maxOutstandingRpcs,
        int maxPendingVerifications,
        Duration questionableAfter,
        int maxFailures,
        Duration bucketRefreshInterval,
        Duration maintenanceInterval,
        int maxPacketBytes,
        Duration tokenRotation,
        int maxStoredItems,
        Duration itemTtl,
        int maxInfoHashes,
        int maxPeersPerInfoHash,
        Duration peerTtl,
        int bootstrapParallelism,
        int refreshK,
        int bootstrapAttempts,
        long randomSeed,
        double queriesPerSource,
        boolean ipDiversity) {

    public DhtConfig {
        requireRange("k", k, 1, 1000);
        requireRange("alpha", alpha, 1, 64);
        requirePositive("rpcTimeout", rpcTimeout);
        requirePositive("lookupStallTimeout", lookupStallTimeout);
        requireRange("maxOutstandingRpcs", maxOutstandingRpcs, 1, 32_768); // 16-bit transaction ids
        requireRange("maxPendingVerifications", maxPendingVerifications, 0, 1 << 20);
        requirePositive("questionableAfter", questionableAfter);
        requireRange("maxFailures", maxFailures, 1, 100);
        requirePositive("bucketRefreshInterval", bucketRefreshInterval);
        requirePositive("maintenanceInterval", maintenanceInterval);
        requireRange("maxPacketBytes", maxPacketBytes, 64, 65_507);
        requirePositive("tokenRotation", tokenRotation);
        requireRange("maxStoredItems", maxStoredItems, 0, 10_000_000);
        requirePositive("itemTtl", itemTtl);
        requireRange("maxInfoHashes", maxInfoHashes, 0, 10_000_000);
        requireRange("maxPeersPerInfoHash", maxPeersPerInfoHash, 1, 100_000);
        requirePositive("peerTtl", peerTtl);
        requireRange("bootstrapParallelism", bootstrapParallelism, 1, 160);
        if (!(queriesPerSource >= 0 && queriesPerSource <= 1_000_000)) {
            throw new IllegalArgumentException("queriesPerSource must be in [0, 1000000], got " + queriesPerSource);
        }
        requireRange("refreshK", refreshK, 1, 1000);
        requireRange("bootstrapAttempts", bootstrapAttempts, 1, 20);
    }

    public static DhtConfig defaults() {
        return new Builder().build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Starts from the defaults; set only what differs. */
    public static final class Builder {
        private int k = 20;
        private int alpha = 3;
        private Duration rpcTimeout = Duration.ofSeconds(5);
        private Duration lookupStallTimeout = Duration.ofMillis(1000);
        private int maxOutstandingRpcs = 512;
        private int maxPendingVerifications = 256;
        private Duration questionableAfter = Duration.ofMinutes(15);
        private int maxFailures = 2;
        private Duration bucketRefreshInterval = Duration.ofSeconds(300);
        private Duration maintenanceInterval = Duration.ofSeconds(60);
        private int maxPacketBytes = 4096;
        private Duration tokenRotation = Duration.ofMinutes(5);
        private int maxStoredItems = 10_000;
        private Duration itemTtl = Duration.ofHours(2);
        private int maxInfoHashes = 10_000;
        private int maxPeersPerInfoHash = 100;
        private Duration peerTtl = Duration.ofMinutes(30);
        private int bootstrapParallelism = 1;
        private int refreshK = 8;
        private int bootstrapAttempts = 4;
        private long randomSeed;
        private double queriesPerSource = 500;
        private boolean ipDiversity = true;

        public Builder() {}

        private Builder(DhtConfig c) {
            k = c.k;
            alpha = c.alpha;
            rpcTimeout = c.rpcTimeout;
            lookupStallTimeout = c.lookupStallTimeout;
            maxOutstandingRpcs = c.maxOutstandingRpcs;
            maxPendingVerifications = c.maxPendingVerifications;
            questionableAfter = c.questionableAfter;
            maxFailures = c.maxFailures;
            bucketRefreshInterval = c.bucketRefreshInterval;
            maintenanceInterval = c.maintenanceInterval;
            maxPacketBytes = c.maxPacketBytes;
            tokenRotation = c.tokenRotation;
            maxStoredItems = c.maxStoredItems;
            itemTtl = c.itemTtl;
            maxInfoHashes = c.maxInfoHashes;
            maxPeersPerInfoHash = c.maxPeersPerInfoHash;
            peerTtl = c.peerTtl;
            bootstrapParallelism = c.bootstrapParallelism;
            refreshK = c.refreshK;
            bootstrapAttempts = c.bootstrapAttempts;
            randomSeed = c.randomSeed;
            queriesPerSource = c.queriesPerSource;
            ipDiversity = c.ipDiversity;
        }

        public Builder k(int value) {
            k = value;
            return this;
        }

        public Builder alpha(int value) {
            alpha = value;
            return this;
        }

        public Builder rpcTimeout(Duration value) {
            rpcTimeout = value;
            return this;
        }

        public Builder lookupStallTimeout(Duration value) {
            lookupStallTimeout = value;
            return this;
        }

        public Builder maxOutstandingRpcs(int value) {
            maxOutstandingRpcs = value;
            return this;
        }

        public Builder maxPacketBytes(int value) {
            maxPacketBytes = value;
            return this;
        }

        public Builder maintenanceInterval(Duration value) {
            maintenanceInterval = value;
            return this;
        }

        public Builder bucketRefreshInterval(Duration value) {
            bucketRefreshInterval = value;
            return this;
        }

        public Builder maxStoredItems(int value) {
            maxStoredItems = value;
            return this;
        }

        public Builder refreshK(int value) {
            refreshK = value;
            return this;
        }

        public Builder bootstrapAttempts(int value) {
            bootstrapAttempts = value;
            return this;
        }

        public Builder randomSeed(long value) {
            randomSeed = value;
            return this;
        }

        public Builder queriesPerSource(double value) {
            queriesPerSource = value;
            return this;
        }

        public Builder ipDiversity(boolean value) {
            ipDiversity = value;
            return this;
        }

        public DhtConfig build() {
            return new DhtConfig(k, alpha, rpcTimeout, lookupStallTimeout, maxOutstandingRpcs,
                    maxPendingVerifications, questionableAfter, maxFailures, bucketRefreshInterval,
                    maintenanceInterval, maxPacketBytes, tokenRotation, maxStoredItems, itemTtl, maxInfoHashes,
                    maxPeersPerInfoHash, peerTtl, bootstrapParallelism, refreshK, bootstrapAttempts, randomSeed,
                    queriesPerSource, ipDiversity);
        }
    }

    private static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
        }
    }
}
