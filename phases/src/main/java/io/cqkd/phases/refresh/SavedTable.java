package io.cqkd.phases.refresh;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * What a role process keeps of its routing table across a restart: the peers that were good
 * lately and its estimate of the network's size. After a restart it re-joins through these peers
 * before asking the bootstrap nodes, so a restart of many processes does not land on the bootstrap
 * nodes all at once; the estimate seeds the refresh interval until a fresh one is measured.
 * Stored by {@link SavedTableFile}.
 *
 * @param role the role of the process that saved it ({@code bootstrap}, {@code worker}, ...):
 *     printable ASCII without spaces, at most {@link #MAX_ROLE_LENGTH} characters, because it is
 *     written as one word on one line
 * @param savedAtEpochMillis when it was saved, so a reader can tell how stale the peers are
 * @param sizeEstimate the network-size estimate at that time, not negative
 * @param peers at most {@link #MAX_PEERS} peers, each a numeric address (never a host name, so a
 *     restart needs no DNS) with a port from 1 to 65535 and no IPv6 scope
 */
public record SavedTable(String role, long savedAtEpochMillis, long sizeEstimate, List<InetSocketAddress> peers) {
    /** Enough to re-join from; also keeps the file far below {@link SavedTableFile#MAX_BYTES}. */
    public static final int MAX_PEERS = 512;
    public static final int MAX_ROLE_LENGTH = 64;

    public SavedTable {
        Objects.requireNonNull(role, "role");
        if (!isValidRole(role)) {
            throw new IllegalArgumentException("role must be 1 to " + MAX_ROLE_LENGTH
                    + " printable ASCII characters without spaces: \"" + role + "\"");
        }
        if (sizeEstimate < 0) {
            throw new IllegalArgumentException("size estimate must not be negative: " + sizeEstimate);
        }
        peers = List.copyOf(peers);
        if (peers.size() > MAX_PEERS) {
            throw new IllegalArgumentException("at most " + MAX_PEERS + " peers, not " + peers.size());
        }
        for (InetSocketAddress peer : peers) {
            String problem = PeerLiteral.problemWith(peer);
            if (problem != null) {
                throw new IllegalArgumentException("peer " + peer + ": " + problem);
            }
        }
    }

    /** Whether {@code role} can be saved and read back: one short printable ASCII word. */
    public static boolean isValidRole(String role) {
        return !role.isEmpty() && role.length() <= MAX_ROLE_LENGTH
                && role.chars().allMatch(c -> c > ' ' && c <= '~');
    }
}
