package io.cqkd.phases.refresh;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * A peer as text in a saved table: {@code 127.0.0.1:7001} or {@code [::1]:7002}. Only numeric
 * addresses, both ways: a saved table is read at start-up, where a DNS lookup could hang the
 * restart or send the process to whatever a name points at today.
 */
final class PeerLiteral {
    /** The longest IPv6 text, an IPv4-mapped one with every group written out. */
    private static final int MAX_IPV6_LENGTH = 45;

    private PeerLiteral() {
    }

    /** Why {@code peer} cannot be written as a literal, or null when it can. */
    static String problemWith(InetSocketAddress peer) {
        InetAddress address = peer.getAddress();
        if (address == null) {
            return "not resolved to a numeric address";
        }
        if (peer.getPort() < 1) {
            return "port 0";
        }
        if (address instanceof Inet6Address v6 && (v6.getScopeId() != 0 || v6.getScopedInterface() != null)) {
            return "an IPv6 scope only means something on this host";
        }
        return null;
    }

    static String format(InetSocketAddress peer) {
        InetAddress address = peer.getAddress();
        String host = address.getHostAddress();
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + peer.getPort();
    }

    /** The peer {@code text} names, or empty when it is not a numeric address with a port 1 to 65535. */
    static Optional<InetSocketAddress> parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        int port = parsePort(text.substring(colon + 1));
        String host = text.substring(0, colon);
        Optional<InetAddress> address = host.startsWith("[") && host.endsWith("]")
                ? parseIpv6(host.substring(1, host.length() - 1))
                : parseIpv4(host);
        return port < 0 ? Optional.empty() : address.map(a -> new InetSocketAddress(a, port));
    }

    /** The port, or -1 when it is not a plain decimal from 1 to 65535. */
    private static int parsePort(String text) {
        if (text.isEmpty() || text.length() > 5 || text.charAt(0) == '0' || !isDigits(text)) {
            return -1;
        }
        int port = Integer.parseInt(text);
        return port <= 65_535 ? port : -1;
    }

    /** Dotted quad, no leading zeros (some tools read those as octal). */
    private static Optional<InetAddress> parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !isDigits(part)
                    || (part.length() > 1 && part.charAt(0) == '0')) {
                return Optional.empty();
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) value;
        }
        return byAddress(bytes);
    }

    /**
     * Checked to hex digits, colons and dots first: given brackets and a colon, getByName parses
     * the literal or fails, and never falls back to a DNS lookup.
     */
    private static Optional<InetAddress> parseIpv6(String text) {
        if (text.isEmpty() || text.length() > MAX_IPV6_LENGTH || text.indexOf(':') < 0
                || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128 || c == ':' || c == '.')) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName("[" + text + "]"));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<InetAddress> byAddress(byte[] bytes) {
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty(); // only for a wrong length, which the callers rule out
        }
    }

    private static boolean isDigits(String text) {
        return text.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
