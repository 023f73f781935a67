package io.cqkd.dht.routing;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Limits on how many routing entries one /24 of public IPv4 addresses may hold, so that one operator
 * with a block of addresses cannot fill a node's table (go-libp2p-kad-dht's diversity filter; mldht
 * keeps one entry per IP): at most {@link #PER_BUCKET} in a bucket and {@link #PER_TABLE} in the
 * table. Loopback, private (RFC 1918), link-local and shared (RFC 6598) addresses are not limited:
 * a test or a LAN deployment puts every node in one of those. Stateless: it counts the table it is
 * given, and only for a limited address (a few hundred entries at most).
 */
public final class IpDiversity {
    /** Entries of one /24 per bucket: two survive one of them dying, and leave the bucket's other k − 2 to others. */
    static final int PER_BUCKET = 2;
    /** Entries of one /24 per table: a block of addresses reaches a node through three entries at most. */
    static final int PER_TABLE = 3;

    public static final IpDiversity OFF = new IpDiversity(false);
    public static final IpDiversity ON = new IpDiversity(true);

    private final boolean enabled;

    private IpDiversity(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Whether {@code candidate} may enter {@code bucket} of a table holding {@code table}, in the place
     * of {@code leaving} (null when it takes a free place).
     */
    boolean admits(Iterable<RoutingEntry> table, KBucket bucket, InetSocketAddress candidate, InetSocketAddress leaving) {
        if (!enabled || !limited(candidate.getAddress())) {
            return true;
        }
        int prefix = prefix24(candidate.getAddress());
        int inTable = 0;
        for (RoutingEntry e : table) {
            inTable += sameBlock(e, prefix, leaving) ? 1 : 0;
        }
        int inBucket = 0;
        for (RoutingEntry e : bucket.entries()) {
            inBucket += sameBlock(e, prefix, leaving) ? 1 : 0;
        }
        return inTable < PER_TABLE && inBucket < PER_BUCKET;
    }

    private static boolean sameBlock(RoutingEntry e, int prefix, InetSocketAddress leaving) {
        InetAddress a = e.address().getAddress();
        return a instanceof Inet4Address && prefix24(a) == prefix && !e.address().equals(leaving);
    }

    static boolean limited(InetAddress address) {
        if (!(address instanceof Inet4Address) || address.isLoopbackAddress() || address.isSiteLocalAddress()
                || address.isLinkLocalAddress() || address.isAnyLocalAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        return !((b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64); // 100.64.0.0/10, carrier-grade NAT
    }

    private static int prefix24(InetAddress address) {
        byte[] b = address.getAddress();
        return ((b[0] & 0xff) << 16) | ((b[1] & 0xff) << 8) | (b[2] & 0xff);
    }
}
